// ocpp-rpc, a CommonJS package whose error classes Node's ESM loader does not see as named exports.

import ocppRpc from 'ocpp-rpc';

export const { RPCClient, RPCError, createRPCError } = ocppRpc;
export type RpcClient = InstanceType<typeof RPCClient>;
