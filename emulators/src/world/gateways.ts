// Gateways: the cloud "gateway" every cloud datasource hangs off, and on-premises gateways whose
// RSA public key clients use to encrypt datasource credentials (RSA-OAEP).

import { generateKeyPairSync } from 'node:crypto';
import { WorldError } from './errors.ts';
import type { WorldState } from './state.ts';
import type { Gateway, GatewayKeys } from './types.ts';

export function createGateway(s: WorldState, input: { id?: string; name: string; type?: Gateway['type']; keyBits?: number }): Gateway {
  const gateway: Gateway = { id: (input.id ?? s.newId()).toLowerCase(), name: input.name, type: input.type ?? 'Resource' };
  if (input.keyBits) gateway.keys = generateKeys(input.keyBits);
  s.gateways.set(gateway.id, gateway);
  return gateway;
}

export function getGateway(s: WorldState, gatewayId: string): Gateway {
  const gateway = s.gateways.get(gatewayId.toLowerCase());
  if (!gateway) throw new WorldError('GatewayNotFound', `Gateway ${gatewayId} was not found.`);
  return gateway;
}

export function listGateways(s: WorldState): Gateway[] {
  return [...s.gateways.values()];
}

/** The gateway's RSA keys, generated (2048 bits) the first time anyone asks. */
export function gatewayKeys(s: WorldState, gatewayId: string): GatewayKeys {
  const gateway = getGateway(s, gatewayId);
  gateway.keys ??= generateKeys(2048);
  return gateway.keys;
}

function generateKeys(bits: number): GatewayKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    // Power BI sends standard base64 (not base64url) of the big-endian modulus and exponent.
    publicKey: { exponent: Buffer.from(jwk.e!, 'base64url').toString('base64'), modulus: Buffer.from(jwk.n!, 'base64url').toString('base64') },
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
