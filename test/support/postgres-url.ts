/** The PostgreSQL the suite uses: `DATABASE_URL` when it is a postgres URL, else the local default. */
export function postgresUrl(): string {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : 'postgres://postgres@127.0.0.1:5432/test';
}
