// blob: where offboarded tenants' exports go. The Azure Blob Storage container (through
// @azure/storage-blob) and the AES-256-GCM sealing of what is uploaded there.
export { openBlobContainer, type BlobCallContext, type BlobContainer } from './store.ts';
export { openSealed, sealStream, type SealingKey } from './sealed.ts';
