// Placeholder until the PostgreSQL harness lands: the run needs no shared services yet.
export default async function setup(): Promise<void> {}
