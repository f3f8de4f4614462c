// @ts-check
'use strict';

/**
 * HTTP controls under /__sim/… (no auth, never logged, never faulted), mirroring
 * the programmatic API so e2e tests and shell scripts can drive a CLI simulator.
 */

/** @param {import('http').IncomingMessage} req @returns {Promise<unknown>} */
async function readJson(req) {
	let text = '';
	for await (const c of req) text += c;
	if (!text.trim()) return undefined;
	return JSON.parse(text);
}

/**
 * @param {import('http').ServerResponse} res @param {number} status @param {unknown} obj
 */
function reply(res, status, obj) {
	const json = JSON.stringify(obj, (_k, v) => (v === Infinity ? -1 : v));
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)) });
	res.end(json);
}

/**
 * @param {any} sim  the object startSimulator returns
 * @returns {(req: import('http').IncomingMessage, res: import('http').ServerResponse) => Promise<void>}
 */
function adminRoutes(sim) {
	return async (req, res) => {
		const url = new URL(req.url || '/', 'http://sim');
		const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
		/** @type {any} */
		let body;
		try {
			body = await readJson(req);
		} catch {
			return reply(res, 400, { error: 'body is not valid JSON' });
		}
		try {
			// POST /__sim/tasks/<id>/cancel: the task ends `cancelled` now (no public cancel call is documented).
			const cancelMatch = /^\/__sim\/tasks\/([^/]+)\/cancel$/.exec(url.pathname);
			if (cancelMatch && req.method === 'POST') {
				const id = decodeURIComponent(cancelMatch[1]);
				if (!sim.task(id)) return reply(res, 404, { error: 'unknown task' });
				sim.cancelTask(id);
				return reply(res, 200, sim.task(id));
			}
			const taskMatch = /^\/__sim\/tasks\/([^/]+)$/.exec(url.pathname);
			if (taskMatch) {
				const id = decodeURIComponent(taskMatch[1]);
				if (req.method === 'GET') {
					const t = sim.task(id);
					return t ? reply(res, 200, t) : reply(res, 404, { error: 'unknown task' });
				}
				if (req.method === 'POST') {
					// {"complete": true} | {"cancel": true} | {"fail": "code", "failMessage"?, "now"?} | any Outcome fields
					if (body && body.complete) sim.completeTask(id);
					else if (body && body.cancel === true && body.now === undefined && body.afterSeconds === undefined) sim.cancelTask(id);
					else sim.updateTask(id, body || {});
					return reply(res, 200, sim.task(id));
				}
			}
			switch (route) {
				case 'GET /__sim/health':
					return reply(res, 200, { ok: true, url: sim.url, filesUrl: sim.filesUrl });
				case 'GET /__sim/requests': {
					const since = Number(url.searchParams.get('since') || 0);
					const prefix = url.searchParams.get('path');
					const list = sim.requests.filter(
						(/** @type {any} */ r) => r.seq > since && (!prefix || r.path.startsWith(prefix)),
					);
					return reply(res, 200, { requests: list });
				}
				case 'DELETE /__sim/requests':
					sim.requests.length = 0;
					return reply(res, 200, { ok: true });
				case 'POST /__sim/reset':
					sim.reset();
					return reply(res, 200, { ok: true });
				case 'GET /__sim/inject':
					return reply(res, 200, { rules: sim.faults() });
				case 'POST /__sim/inject': {
					const rules = Array.isArray(body) ? body : body && Array.isArray(body.rules) ? body.rules : [body];
					rules.forEach((/** @type {any} */ r) => sim.inject(r));
					return reply(res, 200, { rules: sim.faults() });
				}
				case 'DELETE /__sim/inject':
					sim.clearFaults();
					return reply(res, 200, { rules: [] });
				case 'POST /__sim/next-tasks':
					sim.nextTasks(Array.isArray(body) ? body : body && Array.isArray(body.tasks) ? body.tasks : [body]);
					return reply(res, 200, { ok: true });
				case 'GET /__sim/tasks':
					return reply(res, 200, { tasks: sim.tasks() });
				case 'GET /__sim/stats':
					return reply(res, 200, sim.stats());
				case 'GET /__sim/callbacks':
					return reply(res, 200, { attempts: sim.callbacks });
				case 'GET /__sim/ledger':
					return reply(res, 200, { entries: sim.ledger() });
				case 'GET /__sim/files':
					return reply(res, 200, { files: sim.files() });
				case 'POST /__sim/refuse': {
					// Refusing starts before the answer, so the caller's next request is refused.
					const ms = Number(body && body.ms) || 1000;
					await sim.refuseConnections(ms, req.socket);
					res.setHeader('connection', 'close');
					return reply(res, 200, { ok: true, ms });
				}
				case 'GET /__sim/config':
					return reply(res, 200, sim.config());
				case 'POST /__sim/config':
					return reply(res, 200, sim.configure(body || {}));
				default:
					return reply(res, 404, { error: `unknown control ${route}` });
			}
		} catch (e) {
			return reply(res, 400, { error: /** @type {Error} */ (e).message });
		}
	};
}

module.exports = { adminRoutes };
