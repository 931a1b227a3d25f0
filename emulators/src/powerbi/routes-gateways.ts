// Gateways and datasource credentials. `PATCH /gateways/{g}/datasources/{d}` sets Basic
// credentials on a model's datasource: `None` for the cloud, `RSA-OAEP` against an
// on-premises gateway's public key (`GET /gateways/{g}` returns it), each refused on the other.

import type { Route } from '../http/index.ts';
import { bodyOf, OK, route, type PowerBiContext } from './context.ts';
import { readUpdateDatasourceRequest } from './credentials.ts';
import { badRequest, inPowerBiTerms } from './errors.ts';
import { list, odataContext } from './shapes.ts';

export function gatewayRoutes(ctx: PowerBiContext): Route[] {
  const { world } = ctx;
  const gatewayShape = (id: string) => {
    const g = inPowerBiTerms('Datasource', id, () => world.getGateway(id));
    const keys = world.gatewayKeys(g.id);
    return { id: g.id, name: g.name, type: g.type, publicKey: keys.publicKey, gatewayAnnotation: '{}', gatewayStatus: 'Live' };
  };
  return [
    route(ctx, 'gateways.list', 'GET', '/v1.0/myorg/gateways', (req) => ({
      status: 200, body: list(req.origin, undefined, 'gateways', world.listGateways().filter((g) => g.type === 'Resource').map((g) => gatewayShape(g.id))),
    })),
    route(ctx, 'gateways.get', 'GET', '/v1.0/myorg/gateways/{gatewayId}', (req) => ({
      status: 200, body: { '@odata.context': `${odataContext(req.origin, undefined, 'gateways')}/$entity`, ...gatewayShape(req.params.gatewayId) },
    })),
    route(ctx, 'gateways.datasource', 'GET', '/v1.0/myorg/gateways/{gatewayId}/datasources/{datasourceId}', (req, actor) => {
      const item = inPowerBiTerms('Datasource', req.params.datasourceId, () => world.findDatasourceModel(actor, req.params.gatewayId, req.params.datasourceId));
      const ds = item.semanticModel!.datasource!;
      return {
        status: 200,
        body: {
          '@odata.context': `${odataContext(req.origin, undefined, 'gatewayDatasources')}/$entity`,
          id: ds.datasourceId, gatewayId: ds.gatewayId, datasourceType: ds.datasourceType,
          connectionDetails: JSON.stringify({ server: ds.server, database: ds.database }),
          credentialType: 'Basic', datasourceName: `${ds.server};${ds.database}`,
        },
      };
    }),
    route(ctx, 'gateways.updateDatasource', 'PATCH', '/v1.0/myorg/gateways/{gatewayId}/datasources/{datasourceId}', (req, actor) => {
      const body = bodyOf<{ credentialDetails: unknown }>(req);
      const gateway = inPowerBiTerms('Datasource', req.params.gatewayId, () => world.getGateway(req.params.gatewayId));
      // Find the datasource (and check visibility) before decrypting anything.
      inPowerBiTerms('Datasource', req.params.datasourceId, () => world.findDatasourceModel(actor, gateway.id, req.params.datasourceId));
      const credentials = readUpdateDatasourceRequest(body, () => {
        const keys = world.gatewayKeys(gateway.id);
        return { privateKeyPem: keys.privateKeyPem, modulusBytes: Buffer.from(keys.publicKey.modulus, 'base64').length };
      });
      if (gateway.type === 'Resource' && credentials.encryptionAlgorithm === 'None') {
        throw badRequest('On-premises data source credentials must be encrypted with the gateway public key (encryptionAlgorithm RSA-OAEP).');
      }
      if (gateway.type !== 'Resource' && credentials.encryptionAlgorithm !== 'None') {
        throw badRequest('Cloud data source credentials are sent with encryptionAlgorithm None.');
      }
      inPowerBiTerms('Datasource', req.params.datasourceId, () => world.setDatasourceCredentials(actor, gateway.id, req.params.datasourceId, credentials));
      return OK;
    }),
  ];
}
