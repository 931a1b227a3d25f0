// TLS for the emulators: a throwaway CA per run and a loopback server certificate it signed.

export { createTlsMaterial } from './material.ts';
export type { CreateTlsOptions, TlsMaterial } from './material.ts';
