import type { ApiClient, Schedule } from './api-client.ts';
import type { Service } from './booking/booking-api.ts';
import { serviceBody, serviceFields, serviceSummary, type ServiceFields } from './service-form.ts';

export interface ServicesDialogContext {
  readonly api: ApiClient;
  readonly specialistId: () => number;
  readonly schedules: () => Promise<Map<number, Schedule>>;
  /** Services changed: the page's names of them are stale. */
  readonly onChanged: (message: string) => void;
}

const NUMBER_FIELDS = [
  'duration_minutes',
  'slot_step_minutes',
  'buffer_before_minutes',
  'buffer_after_minutes',
  'min_notice_minutes',
  'max_days_ahead',
  'capacity',
  'max_per_day',
] as const;

/**
 * What clients can book: the list of services (each with its public booking page), and one
 * form for a new service or the one being edited, with every field of the contract. Deleting
 * asks for a second click; existing bookings stay.
 */
export class ServicesDialog {
  private readonly form: HTMLFormElement;
  private readonly list: HTMLElement;
  private editing: Service | null = null;

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly ctx: ServicesDialogContext,
  ) {
    this.form = dialog.querySelector('form')!;
    this.list = dialog.querySelector('[data-services]')!;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    dialog.querySelector('[data-new]')!.addEventListener('click', () => void this.edit(null));
  }

  async open(): Promise<void> {
    this.dialog.showModal();
    await Promise.all([this.drawList(), this.edit(null, false)]);
  }

  private async drawList(): Promise<void> {
    const id = this.ctx.specialistId();
    const { services } = await this.ctx.api.services(id);
    this.dialog.querySelector<HTMLElement>('[data-none]')!.hidden = services.length > 0;
    this.list.replaceChildren(
      ...services.map((s) => {
        const li = document.createElement('li');
        li.dataset.serviceId = String(s.id);
        const name = Object.assign(document.createElement('strong'), { textContent: s.name });
        const summary = Object.assign(document.createElement('span'), {
          className: 'hint',
          textContent: serviceSummary(s),
        });
        const page = Object.assign(document.createElement('a'), {
          href: `/book/${id}/${s.id}`,
          textContent: 'Booking page',
          target: '_blank',
        });
        page.setAttribute('aria-label', `Booking page of ${s.name}`);
        const edit = this.button('Edit', `Edit ${s.name}`, () => void this.edit(s));
        const del = this.button('Delete', `Delete ${s.name}`, () => void this.remove(s, del));
        del.className = 'danger';
        const actions = Object.assign(document.createElement('span'), { className: 'actions' });
        actions.append(page, edit, del);
        li.append(name, ' ', summary, actions);
        return li;
      }),
    );
  }

  private button(text: string, label: string, onClick: () => void): HTMLButtonElement {
    const b = Object.assign(document.createElement('button'), {
      type: 'button',
      textContent: text,
    });
    b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }

  /** Fills the form with a service to edit, or a new one's defaults. */
  private async edit(s: Service | null, focus = true): Promise<void> {
    this.editing = s;
    const f = serviceFields(s ?? undefined);
    this.field('name').value = f.name;
    for (const key of NUMBER_FIELDS) this.field(key).value = f[key];
    this.form.querySelector('legend')!.textContent = s ? `Edit “${s.name}”` : 'New service';
    this.form.querySelector('button[type="submit"]')!.textContent = s
      ? 'Save service'
      : 'Create service';
    this.dialog.querySelector<HTMLElement>('[data-new]')!.hidden = s === null;
    this.showError(null);
    const schedules = await this.ctx.schedules().catch(() => new Map<number, Schedule>());
    const box = this.form.querySelector('[data-schedules]')!;
    box.replaceChildren(
      ...[...schedules.values()]
        .filter((sc) => sc.is_active)
        .map((sc) => {
          const label = document.createElement('label');
          const input = Object.assign(document.createElement('input'), {
            type: 'checkbox',
            name: 'schedule_ids',
            value: String(sc.id),
            checked: f.schedule_ids.includes(sc.id),
          });
          label.append(input, ` ${sc.title}`);
          return label;
        }),
    );
    if (focus) this.field('name').focus();
  }

  private async save(): Promise<void> {
    const values = Object.fromEntries(NUMBER_FIELDS.map((k) => [k, this.field(k).value])) as Record<
      (typeof NUMBER_FIELDS)[number],
      string
    >;
    const fields: ServiceFields = {
      name: this.field('name').value,
      ...values,
      schedule_ids: [
        ...this.form.querySelectorAll<HTMLInputElement>('input[name="schedule_ids"]:checked'),
      ].map((i) => Number(i.value)),
    };
    const parsed = serviceBody(fields);
    if (!parsed.ok) return this.showError(parsed.error);
    const id = this.ctx.specialistId();
    const editing = this.editing;
    try {
      const saved = editing
        ? await this.ctx.api.editService(id, editing.id, parsed.body)
        : await this.ctx.api.createService(id, parsed.body);
      this.ctx.onChanged(
        editing ? `Service “${saved.name}” saved.` : `Service “${saved.name}” created.`,
      );
      await Promise.all([this.drawList(), this.edit(null, false)]);
      this.dialog.querySelector<HTMLElement>('h2')!.focus();
    } catch (err) {
      this.showError(err instanceof Error ? err.message : String(err));
    }
  }

  private async remove(s: Service, button: HTMLButtonElement): Promise<void> {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = 'Click again to delete';
      button.setAttribute('aria-label', `Click again to delete ${s.name}`);
      return;
    }
    try {
      await this.ctx.api.deleteService(this.ctx.specialistId(), s.id);
      this.ctx.onChanged(`Service “${s.name}” deleted; its bookings stay.`);
      if (this.editing?.id === s.id) await this.edit(null, false);
      await this.drawList();
      this.dialog.querySelector<HTMLElement>('h2')!.focus();
    } catch (err) {
      this.showError(err instanceof Error ? err.message : String(err));
    }
  }

  private showError(message: string | null): void {
    const el = this.form.querySelector<HTMLElement>('.form-error')!;
    el.textContent = message ?? '';
    el.hidden = message === null;
  }

  private field(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }
}
