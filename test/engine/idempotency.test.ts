/**
 * Idempotent creates through n8n's engine against the simulator's Idempotency-Key ledger
 * (evolink-platform.md §5): every create carries its key (also as X-Evo-Run-Id), a create
 * without a sure answer is sent again with the SAME key and EvoLink returns the original task,
 * so each item pays for one task. The ledger's refusals (idempotency_conflict,
 * paid_outcome_unknown) are handled as submit/create.ts says.
 */
import type { IDataObject } from 'n8n-workflow';

import { answerOf, requestBody } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 60 });

const KEY_SHAPE = /^n8n-[A-Za-z0-9._-]{40}$/;
const UNCONFIRMED = /^An earlier try of this create got no answer, and EvoLink did not confirm this as the same task/;

async function generate(items: IDataObject[] = [{ p: 'a cat' }], continueOnFail = false) {
	return await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: false, prompt: '={{ $json.p }}' },
		items,
		continueOnFail,
		credentials: s.credentials,
	});
}

const createsOf = (prompt: string) => s.creates().filter((c) => requestBody(c).prompt === prompt);

test('every create carries an Idempotency-Key (n8n-…, 44 characters) and the same X-Evo-Run-Id; each item its own', async () => {
	const result = await generate([{ p: 'one' }, { p: 'two' }, { p: 'three' }]);
	expect(result.error).toBeUndefined();
	const creates = s.creates();
	expect(creates).toHaveLength(3);
	for (const c of creates) {
		expect(c.idempotencyKey).toMatch(KEY_SHAPE);
		expect(c.idempotencyKey).toHaveLength(44);
		expect(c.runId).toBe(c.idempotencyKey);
		expect(c.headers?.['idempotency-key']).toBe(c.idempotencyKey);
	}
	expect(new Set(creates.map((c) => c.idempotencyKey)).size).toBe(3);
	// Each output names its own key and says the task is new.
	result.items.forEach((item, i) => {
		const [create] = createsOf(['one', 'two', 'three'][i]);
		expect(item.json).toMatchObject({ id: answerOf(create).id, idempotencyKey: create.idempotencyKey, replayed: false });
		expect(item.json.warning).toBeUndefined();
	});
	expect(s.sim.ledger().map((e) => [e.state, e.taskId]).sort()).toEqual(s.sim.tasks().map((t) => ['done', t.id]).sort());
	expect(s.counters().idempotency).toMatchObject({ requests: 3, creates: 3, replays: 0, conflicts: 0 });
});

describe('a create without a sure answer is sent again with the same key: one paid task per item', () => {
	test.each<[string, Record<string, unknown>, boolean]>([
		// The task was made, the answer lost: the ledger returns the original one.
		['a dropped answer', { action: 'drop-response' }, true],
		// These come before the server made anything: the retry makes the one task.
		['a 500', { status: 500 }, false],
		['a 502', { status: 502 }, false],
		['a reset connection', { action: 'reset' }, false],
	])('%s', async (_name, fault, replayed) => {
		s.sim.inject({ match: 'POST /v1/videos/generations', ...fault });
		const result = await generate([{ p: 'hit' }, { p: 'fine' }]);
		expect(result.error).toBeUndefined();
		const hit = s.creates().filter((c) => c.injected !== undefined || c.replayed)[0];
		const tries = s.creates().filter((c) => c.idempotencyKey === hit.idempotencyKey);
		expect(tries).toHaveLength(2);
		expect(tries[1].status).toBe(200);
		expect(tries[1].replayed === true).toBe(replayed);
		// Exactly one paid task per item.
		expect(s.counters().creates).toBe(2);
		expect(s.creates()).toHaveLength(3);
		expect(s.sim.tasks()).toHaveLength(2);
		const item = result.items.find((i) => i.json.idempotencyKey === hit.idempotencyKey)!;
		expect(item.json).toMatchObject({ id: answerOf(tries[1]).id, replayed });
		// Replayed: EvoLink confirmed the task. Otherwise the node cannot know a ledger was there.
		if (replayed) expect(item.json.warning).toBeUndefined();
		else expect(item.json.warning).toMatch(UNCONFIRMED);
		const other = result.items.find((i) => i !== item)!;
		expect(other.json).toMatchObject({ replayed: false });
		expect(other.json.warning).toBeUndefined();
	});

	test('a create that times out (30 s) is asked again with its key: "still processing", then the original task', async () => {
		// The create is taken at once but its answer held back 32 s: the node gives up at 30 s.
		s.sim.inject({ match: 'POST /v1/videos/generations', action: 'delay-response', delayMs: 32_000 });
		const result = await generate();
		expect(result.error).toBeUndefined();
		const creates = s.creates();
		const key = creates[0].idempotencyKey;
		expect(creates.every((c) => c.idempotencyKey === key)).toBe(true);
		// The ledger saw the first try still in progress (paid_outcome_unknown), then replayed it.
		const inFlight = creates.filter((c) => c.status === 409);
		expect(inFlight.length).toBeGreaterThanOrEqual(1);
		for (const c of inFlight) expect(c.response).toMatchObject({ error: { code: 'paid_outcome_unknown' } });
		expect(creates[creates.length - 1]).toMatchObject({ status: 200, replayed: true });
		expect(s.counters().creates).toBe(1);
		expect(result.items[0].json).toMatchObject({ id: s.sim.tasks()[0].id, replayed: true, idempotencyKey: key });
		expect(result.items[0].json.warning).toBeUndefined();
	}, 60_000);
});

describe("n8n's Retry On Fail never buys a second task", () => {
	const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

	test('one item refused (402): the re-run sends only that one; the other keeps its task', async () => {
		s.sim.inject({ match: 'POST /v1/videos/generations', status: 402, skip: 1 });
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, prompt: '={{ $json.p }}' },
			items: [{ p: 'one' }, { p: 'two' }],
			nodeSettings: retry,
			credentials: s.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(s.creates().map((c) => c.status).sort()).toEqual([200, 200, 402]);
		expect(s.counters().creates).toBe(2);
		for (const p of ['one', 'two']) expect(createsOf(p).filter((c) => c.status === 200)).toHaveLength(1);
		expect(result.items.map((i) => i.json.id).sort()).toEqual(s.sim.tasks().map((t) => t.id).sort());
	});

	test('every answer of the first run lost: the re-run sends the same key and gets the original task back', async () => {
		// 3 tries in the node's first run, all dropped (the first one made the task).
		s.sim.inject({ match: 'POST /v1/videos/generations', action: 'drop-response', times: 3 });
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, prompt: 'a cat' },
			nodeSettings: retry,
			credentials: s.credentials,
		});
		expect(result.error).toBeUndefined();
		const creates = s.creates();
		expect(creates.map((c) => c.status)).toEqual(['dropped', 'dropped', 'dropped', 200]);
		expect(new Set(creates.map((c) => c.idempotencyKey)).size).toBe(1);
		expect(s.counters().creates).toBe(1);
		expect(result.items[0].json).toMatchObject({ id: s.sim.tasks()[0].id, replayed: true });
	});
});

describe('with the idempotency ledger switched off', () => {
	beforeAll(() => void s.sim.configure({ idempotency: false }));
	afterAll(() => void s.sim.configure({ idempotency: true }));

	test('creates still work (the key is sent, and ignored)', async () => {
		const result = await generate();
		expect(result.error).toBeUndefined();
		expect(s.creates().map((c) => [c.status, KEY_SHAPE.test(String(c.idempotencyKey))])).toEqual([[200, true]]);
		expect(s.sim.ledger()).toEqual([]);
		expect(result.items[0].json).toMatchObject({ id: s.sim.tasks()[0].id, replayed: false });
		expect(result.items[0].json.warning).toBeUndefined();
	});

	test('a dropped answer leads to a second task, and the output warns that it is unconfirmed', async () => {
		s.sim.inject({ match: 'POST /v1/videos/generations', action: 'drop-response' });
		const result = await generate();
		expect(result.error).toBeUndefined();
		const creates = s.creates();
		expect(creates.map((c) => c.status)).toEqual(['dropped', 200]);
		expect(s.counters().creates).toBe(2);
		expect(result.items[0].json).toMatchObject({ id: answerOf(creates[1]).id, replayed: false });
		expect(result.items[0].json.warning).toMatch(UNCONFIRMED);
		expect(String(result.items[0].json.warning)).toContain('check Get Many Tasks');
	});
});

describe("the ledger's refusals", () => {
	test('idempotency_conflict: not sent again; the error says a task exists and nothing new was charged', async () => {
		s.sim.inject({
			match: 'POST /v1/videos/generations',
			status: 409,
			code: 'idempotency_conflict',
			type: 'idempotency_error',
			message: 'This Idempotency-Key was already used for a different request.',
		});
		const result = await generate();
		expect(s.creates()).toHaveLength(1);
		expect(result.error).toMatchObject({
			message: 'EvoLink: This Idempotency-Key was already used for a different request. (HTTP 409)',
			description:
				'EvoLink already has a task from an earlier try of this item, made with other settings or media. Find it with Get Many Tasks (nothing new was charged).',
			httpCode: '409',
		});
	});

	test('paid_outcome_unknown: waits (Retry-After) and asks again with the same key', async () => {
		s.sim.inject({ match: 'POST /v1/videos/generations', status: 409, code: 'paid_outcome_unknown', retryAfter: 1, times: 2 });
		const result = await generate();
		expect(result.error).toBeUndefined();
		const creates = s.creates();
		expect(creates.map((c) => c.status)).toEqual([409, 409, 200]);
		expect(new Set(creates.map((c) => c.idempotencyKey)).size).toBe(1);
		expect(creates[1].time - creates[0].time).toBeGreaterThanOrEqual(950);
		expect(s.counters().creates).toBe(1);
		// An earlier try may have been taken, and this answer is not a replay: said so.
		expect(result.items[0].json.warning).toMatch(UNCONFIRMED);
	});

	test('paid_outcome_unknown that never clears: 6 tries, then the error says the task may exist', async () => {
		s.sim.inject({ match: 'POST /v1/videos/generations', status: 409, code: 'paid_outcome_unknown', retryAfter: 0, times: -1 });
		const result = await generate();
		const creates = s.creates();
		expect(creates).toHaveLength(6);
		const key = creates[0].idempotencyKey;
		expect(result.error?.httpCode).toBe('409');
		expect(result.error?.description).toBe(
			`EvoLink may have created (and charged) this task anyway: the create (Idempotency-Key ${key}) reached EvoLink but no answer confirmed it. Look for it with Get Many Tasks before running it again. EvoLink is still processing an earlier try of this item. Look the task up with Get Many Tasks before running it again.`,
		);
	});
});
