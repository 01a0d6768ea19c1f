// Worker-thread side of WorkerPool: runs `pool` ops on frames sent by the runner, one at a time.
import { parentPort } from 'node:worker_threads';
import { StrataError, toStrataError } from '../base/errors.js';
import { BUILTIN_OPS } from './ops/index.js';
import { frameBuffers, type PoolRequest, type PoolResponse } from './pool-protocol.js';
import type { OpDef } from './registry.js';

const ops = new Map<string, OpDef>(BUILTIN_OPS.map((d) => [d.name, d]));

async function lookup(req: PoolRequest): Promise<OpDef> {
  let def = ops.get(req.op);
  if (!def && req.module) {
    const mod = (await import(req.module)) as { op?: OpDef };
    if (mod.op?.name === req.op) ops.set(req.op, (def = mod.op));
  }
  if (!def || def.placement !== 'pool') throw new StrataError('unknown_op', `${req.where}: operation ${JSON.stringify(req.op)} cannot run in a worker thread`);
  return def;
}

parentPort!.on('message', async (req: PoolRequest) => {
  let res: PoolResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const def = await lookup(req);
    const frame = await def.run(req.inputs, req.config, { workflow: req.workflow, node: req.node, where: req.where });
    transfer = frameBuffers(frame);
    res = { id: req.id, ok: true, frame };
  } catch (e) {
    const err = toStrataError(e);
    res = { id: req.id, ok: false, error: { code: err.code, message: err.message, details: err.details } };
  }
  // The result's typed arrays move to the runner without a copy.
  parentPort!.postMessage(res, transfer);
});
