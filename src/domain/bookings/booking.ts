/** A confirmed (or cancelled) booking of a service's slot by a client. */
export interface Booking {
  readonly id: number;
  readonly specialistId: number;
  readonly serviceId: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The booking with the buffers it was made with. */
  readonly spanStartMs: number;
  readonly spanEndMs: number;
  readonly status: 'confirmed' | 'cancelled';
  readonly client: { readonly name: string; readonly email: string };
  readonly notes: string | null;
  readonly cancelTokenHash: string;
  /** An availability edit forced through left it outside every allowed occurrence. */
  readonly outsideAvailability: boolean;
  readonly sequence: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A slot kept for a client while they type: counts as a booking until `expiresAt`. */
export interface Hold {
  readonly id: number;
  readonly specialistId: number;
  readonly serviceId: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly spanStartMs: number;
  readonly spanEndMs: number;
  readonly tokenHash: string;
  readonly expiresAt: number;
  readonly createdAt: number;
}

/** What occupies a specialist's time for the slot rules: a confirmed booking or a live hold. */
export interface Occupancy {
  readonly kind: 'booking' | 'hold';
  readonly id: number;
  readonly serviceId: number;
  readonly startMs: number;
  readonly spanStartMs: number;
  readonly spanEndMs: number;
  /** A hold stops counting at this instant. */
  readonly expiresAt?: number;
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]{2,}$/;

/** Whether `value` reads as an e-mail address (one @, a dotted domain, no spaces). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
