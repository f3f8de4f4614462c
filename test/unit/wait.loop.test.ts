import { EvoLinkRequestError } from '../../nodes/EvoLink/transport/errors';
import type { ApiTask } from '../../nodes/EvoLink/transport/types';
import { mapWithConcurrency } from '../../nodes/EvoLink/wait/concurrency';
import {
	SLEEP_SLICE_MS,
	WaitCancelledError,
	backoffMs,
	waitForTasks,
	type TrackedTask,
	type WaitDeps,
	type WaitOutcome,
} from '../../nodes/EvoLink/wait/waitForTasks';
import { timers } from '../support/host';

const T0 = 1_700_000_000_000;

/** Virtual clock: sleep advances time instantly. */
class FakeClock {
	t = T0;
	sleeps: number[] = [];
	onAdvance?: (t: number) => void;
	now = () => this.t;
	sleep = async (ms: number) => {
		this.sleeps.push(ms);
		this.t += ms;
		this.onAdvance?.(this.t);
	};
}

interface FakeTaskSpec {
	durationMs: number;
	fail?: boolean;
	/** Errors thrown by the next queries, in order (then normal answers). */
	errors?: Error[];
}

/** Fake EvoLink: linear progress, completed (or failed) once durationMs has passed since submit. */
class FakeServer {
	tasks = new Map<string, FakeTaskSpec & { submittedAt: number }>();
	calls: Array<{ id: string; at: number; signal?: AbortSignal }> = [];
	inFlight = 0;
	maxInFlight = 0;
	constructor(private clock: FakeClock) {}

	add(id: string, spec: FakeTaskSpec, submittedAt = this.clock.t) {
		this.tasks.set(id, { ...spec, submittedAt });
	}

	callsFor(id: string) {
		return this.calls.filter((c) => c.id === id).map((c) => c.at - T0);
	}

	getTask = async (id: string, signal?: AbortSignal): Promise<ApiTask> => {
		this.calls.push({ id, at: this.clock.t, signal });
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await new Promise((r) => timers.setImmediate(r)); // real async hop so concurrency is observable
			const spec = this.tasks.get(id);
			if (!spec) throw new EvoLinkRequestError('Task not found', 404);
			const err = spec.errors?.shift();
			if (err) throw err;
			const elapsed = this.clock.t - spec.submittedAt;
			if (elapsed >= spec.durationMs) {
				return spec.fail
					? { id, status: 'failed', progress: 100, error: { code: 'content_policy_violation', message: 'no' } }
					: { id, status: 'completed', progress: 100, results: [`https://cdn.example/${id}.mp4`] };
			}
			return { id, status: 'processing', progress: Math.min(99, Math.floor((100 * elapsed) / spec.durationMs)) };
		} finally {
			this.inFlight--;
		}
	};
}

function setup() {
	const clock = new FakeClock();
	const server = new FakeServer(clock);
	const deps: WaitDeps = { getTask: server.getTask, sleep: clock.sleep, now: clock.now };
	return { clock, server, deps };
}

const track = (key: number, id: string, estimatedTime?: number, last?: ApiTask): TrackedTask => ({
	key,
	id,
	submittedAt: T0,
	estimatedTime,
	last,
});

const HOUR = 3_600_000;

afterEach(() => jest.restoreAllMocks());

describe('waitForTasks: Auto schedule on one task', () => {
	it('task ending at its 120 s estimate: 4 queries, noticed at 123.6 s', async () => {
		const { clock, server, deps } = setup();
		server.add('task-unified-a', { durationMs: 120_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-a', 120)], deps, { timeoutMs: HOUR });
		expect(out.kind).toBe('completed');
		expect(server.callsFor('task-unified-a')).toEqual([48_000, 84_000, 102_000, 123_600]);
		expect(out).toMatchObject({ waitedMs: 123_600, queries: 4 });
		expect(clock.t - T0).toBe(123_600);
		// sleeping happened in slices of at most 500 ms
		expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(SLEEP_SLICE_MS);
	});

	it('failed task ends the wait with kind failed and the error', async () => {
		const { server, deps } = setup();
		server.add('task-unified-f', { durationMs: 5_000, fail: true });
		const [out] = await waitForTasks([track(0, 'task-unified-f', 20)], deps, { timeoutMs: HOUR });
		expect(out.kind).toBe('failed');
		if (out.kind !== 'failed') throw new Error();
		expect(out.task.error?.code).toBe('content_policy_violation');
		expect(out.queries).toBe(1);
		expect(out.waitedMs).toBe(8_000); // first query at 40 % of the estimate
	});

	it('waited time counts from submittedAt, not from the start of waiting', async () => {
		const { clock, server, deps } = setup();
		server.add('task-unified-s', { durationMs: 20_000 }, T0);
		clock.t = T0 + 3_000; // create call + other work took 3 s
		const [out] = await waitForTasks([track(0, 'task-unified-s', 20)], deps, { timeoutMs: HOUR });
		expect(server.callsFor('task-unified-s')).toEqual([8_000, 14_000, 17_000, 21_000]);
		expect(out.waitedMs).toBe(21_000);
	});

	it('tasks already terminal in `last` resolve without a query', async () => {
		const { server, deps } = setup();
		const done: ApiTask = { id: 'task-unified-d', status: 'completed', progress: 100, results: ['u'] };
		const [out] = await waitForTasks([{ ...track(0, 'task-unified-d'), submittedAt: T0 - 5_000, last: done }], deps, {
			timeoutMs: HOUR,
		});
		expect(out).toEqual({ kind: 'completed', task: done, waitedMs: 5_000, queries: 0 });
		expect(server.calls).toHaveLength(0);
	});
});

describe('waitForTasks: many tasks in one loop', () => {
	it('50 tasks with different durations are all noticed; total time ≈ the slowest', async () => {
		const { clock, server, deps } = setup();
		const tasks: TrackedTask[] = [];
		const durations: number[] = [];
		for (let i = 0; i < 50; i++) {
			const dur = 10_000 + ((i * 37) % 50) * 6_000; // 10 s .. 304 s, shuffled
			const est = Math.round((dur / 1000) * [1, 1.5, 0.5, 1.2, 0.8][i % 5]); // estimates off by up to 2×
			durations.push(dur);
			server.add(`task-unified-${i}`, { durationMs: dur });
			tasks.push(track(i, `task-unified-${i}`, est));
		}
		const outs = await waitForTasks(tasks, deps, { timeoutMs: HOUR });
		const slowest = Math.max(...durations);
		outs.forEach((o, i) => {
			expect(o.kind).toBe('completed');
			if (o.kind !== 'completed') return;
			expect(o.task.id).toBe(`task-unified-${i}`); // output order = input order
			expect(o.waitedMs).toBeGreaterThanOrEqual(durations[i]);
			expect(o.waitedMs - durations[i]).toBeLessThanOrEqual(Math.max(2_000, 0.1 * o.waitedMs));
			expect(o.queries).toBe(server.callsFor(`task-unified-${i}`).length);
		});
		expect(clock.t - T0).toBe(Math.max(...outs.map((o) => o.waitedMs)));
		expect(clock.t - T0).toBeGreaterThanOrEqual(slowest);
		expect(clock.t - T0).toBeLessThanOrEqual(slowest * 1.1);
		expect(server.calls.length).toBeLessThanOrEqual(50 * 8);
		expect(server.maxInFlight).toBeLessThanOrEqual(8);
	});

	it('queries due together run concurrently, up to maxConcurrentQueries', async () => {
		const { server, deps } = setup();
		const tasks = Array.from({ length: 20 }, (_, i) => {
			server.add(`task-unified-${i}`, { durationMs: 20_000 });
			return track(i, `task-unified-${i}`, 20);
		});
		const outs = await waitForTasks(tasks, deps, { timeoutMs: HOUR, maxConcurrentQueries: 8 });
		expect(server.maxInFlight).toBe(8);
		expect(outs.every((o) => o.kind === 'completed' && o.waitedMs === 21_000 && o.queries === 4)).toBe(true);
		const { maxInFlight } = await (async () => {
			const s = setup();
			tasks.forEach((t) => s.server.add(t.id, { durationMs: 20_000 }));
			await waitForTasks(tasks, s.deps, { timeoutMs: HOUR, maxConcurrentQueries: 3 });
			return s.server;
		})();
		expect(maxInFlight).toBe(3);
	});

	it('output order = input order, whatever finishes first', async () => {
		const { server, deps } = setup();
		server.add('task-unified-slow', { durationMs: 90_000 });
		server.add('task-unified-fast', { durationMs: 10_000 });
		server.add('task-unified-mid', { durationMs: 40_000, fail: true });
		const outs = await waitForTasks(
			[track(7, 'task-unified-slow', 90), track(3, 'task-unified-fast', 10), track(5, 'task-unified-mid', 40)],
			deps,
			{ timeoutMs: HOUR },
		);
		expect(outs.map((o) => (o.kind === 'completed' || o.kind === 'failed' ? `${o.task.id}:${o.kind}` : o.kind))).toEqual([
			'task-unified-slow:completed',
			'task-unified-fast:completed',
			'task-unified-mid:failed',
		]);
	});
});

describe('waitForTasks: fixed interval', () => {
	it('queries every pollIntervalMs regardless of the estimate', async () => {
		const { server, deps } = setup();
		server.add('task-unified-x', { durationMs: 23_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-x', 300)], deps, { timeoutMs: HOUR, pollIntervalMs: 5_000 });
		expect(server.callsFor('task-unified-x')).toEqual([5_000, 10_000, 15_000, 20_000, 25_000]);
		expect(out).toMatchObject({ kind: 'completed', waitedMs: 25_000, queries: 5 });
	});
});

describe('waitForTasks: faults', () => {
	it('429 with Retry-After: waits exactly that long (for every task), then succeeds', async () => {
		const { server, deps } = setup();
		server.add('task-unified-r', {
			durationMs: 20_000,
			errors: [new EvoLinkRequestError('Too many requests', 429, undefined, 7_000)],
		});
		server.add('task-unified-q', { durationMs: 20_000 });
		const outs = await waitForTasks([track(0, 'task-unified-r', 20), track(1, 'task-unified-q', 20)], deps, {
			timeoutMs: HOUR,
			maxConcurrentQueries: 1,
		});
		// r: 8 s → 429; hold until 15 s; then progress 75 % → end 20 s → query at 21 s
		expect(server.callsFor('task-unified-r')).toEqual([8_000, 15_000, 21_000]);
		// q was due at 8 s too (same batch, queued after r): it is not sent into the rate limit but held
		expect(server.callsFor('task-unified-q')).toEqual([15_000, 21_000]);
		expect(outs[0]).toMatchObject({ kind: 'completed', waitedMs: 21_000, queries: 3 });
		expect(outs[1]).toMatchObject({ kind: 'completed', waitedMs: 21_000, queries: 2 });
	});

	it('429 holds other tasks due during the hold', async () => {
		const { server, deps } = setup();
		server.add('task-unified-r', {
			durationMs: 60_000,
			errors: [new EvoLinkRequestError('Too many requests', 429, undefined, 10_000)],
		});
		server.add('task-unified-q', { durationMs: 30_000 });
		await waitForTasks([track(0, 'task-unified-r', 20), track(1, 'task-unified-q', 30)], deps, { timeoutMs: HOUR });
		// r got 429 at 8 s; q was due at 12 s but waited for the hold to end at 18 s
		expect(server.callsFor('task-unified-q')[0]).toBe(18_000);
		expect(server.callsFor('task-unified-r').slice(0, 2)).toEqual([8_000, 18_000]);
	});

	it('500 and network errors are retried with exponential backoff + jitter, never ending the wait', async () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
		const { server, deps } = setup();
		const errors = [
			new EvoLinkRequestError('Internal error', 500),
			new EvoLinkRequestError('socket hang up', undefined, undefined, undefined, 'ECONNRESET'),
			new EvoLinkRequestError('Bad gateway', 502),
		];
		server.add('task-unified-e', { durationMs: 20_000, errors });
		const [out] = await waitForTasks([track(0, 'task-unified-e', 20)], deps, { timeoutMs: HOUR });
		// backoff(n) = base/2 + base/2 × 0.5 with base 1, 2, 4 s → 0.75, 1.5, 3 s
		const calls = server.callsFor('task-unified-e');
		expect(calls.slice(0, 4)).toEqual([8_000, 8_750, 10_250, 13_250]);
		expect(out).toMatchObject({ kind: 'completed', queries: calls.length });
		expect(out.waitedMs).toBeLessThanOrEqual(22_000);
	});

	it('a long outage (20 × 503) does not end the wait; backoff is capped at 30 s', async () => {
		const { server, deps } = setup();
		const errors = Array.from({ length: 20 }, () => new EvoLinkRequestError('Unavailable', 503));
		server.add('task-unified-o', { durationMs: 20_000, errors });
		const [out] = await waitForTasks([track(0, 'task-unified-o', 20)], deps, { timeoutMs: HOUR });
		expect(out.kind).toBe('completed');
		expect(out.queries).toBe(21);
		const calls = server.callsFor('task-unified-o');
		const gaps = calls.slice(1).map((c, i) => c - calls[i]);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
		expect(Math.min(...gaps.slice(6))).toBeGreaterThanOrEqual(15_000);
	});

	it('backoff doubles with jitter in [base/2, base]', () => {
		expect(backoffMs(1, () => 0)).toBe(500);
		expect(backoffMs(1, () => 1)).toBe(1_000);
		expect(backoffMs(3, () => 0.5)).toBe(3_000);
		expect(backoffMs(10, () => 1)).toBe(30_000);
	});

	it('404 ends that task with kind error; the others carry on', async () => {
		const { server, deps } = setup();
		server.add('task-unified-ok', { durationMs: 20_000 });
		const outs = await waitForTasks([track(0, 'task-unified-gone', 20), track(1, 'task-unified-ok', 20)], deps, {
			timeoutMs: HOUR,
		});
		expect(outs[0].kind).toBe('error');
		if (outs[0].kind !== 'error') throw new Error();
		expect((outs[0].error as EvoLinkRequestError).httpCode).toBe(404);
		expect(outs[0]).toMatchObject({ queries: 1, waitedMs: 8_000 });
		expect(server.callsFor('task-unified-gone')).toEqual([8_000]);
		expect(outs[1]).toMatchObject({ kind: 'completed', waitedMs: 21_000 });
	});

	it('401 after some progress: error outcome keeps the last status seen', async () => {
		const { server, deps } = setup();
		server.add('task-unified-k', { durationMs: 100_000 });
		let n = 0;
		const getTask = async (id: string, s?: AbortSignal) => {
			if (++n === 2) throw new EvoLinkRequestError('Invalid API key', 401);
			return server.getTask(id, s);
		};
		const [out] = await waitForTasks([track(0, 'task-unified-k', 100)], { ...deps, getTask }, { timeoutMs: HOUR });
		expect(out).toMatchObject({ kind: 'error', queries: 2, last: { status: 'processing', progress: 40 } });
	});

	it('timeout: outcome keeps the last status and progress, after a final query at the deadline', async () => {
		const { clock, server, deps } = setup();
		server.add('task-unified-t', { durationMs: 300_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-t', 300)], deps, { timeoutMs: 100_000 });
		expect(out.kind).toBe('timeout');
		expect(server.callsFor('task-unified-t')).toEqual([60_000, 100_000]);
		expect(out).toMatchObject({ waitedMs: 100_000, queries: 2, last: { status: 'processing', progress: 33 } });
		expect(clock.t - T0).toBe(100_000);
	});

	it('timeout during a Retry-After hold that outlasts the deadline', async () => {
		const { clock, server, deps } = setup();
		server.add('task-unified-h', {
			durationMs: 300_000,
			errors: [new EvoLinkRequestError('Too many requests', 429, undefined, 120_000)],
		});
		const [out] = await waitForTasks([track(0, 'task-unified-h', 300)], deps, { timeoutMs: 90_000 });
		expect(out).toMatchObject({ kind: 'timeout', waitedMs: 90_000, queries: 1 });
		expect(clock.t - T0).toBe(90_000);
	});
});

describe('waitForTasks: cancel', () => {
	it('cancel mid-wait throws WaitCancelledError with every id, within 1 s of virtual time', async () => {
		const { clock, server, deps } = setup();
		const ctl = new AbortController();
		const abortAt = T0 + 50_300;
		clock.onAdvance = (t) => {
			if (t >= abortAt && !ctl.signal.aborted) ctl.abort();
		};
		server.add('task-unified-1', { durationMs: 10_000 });
		server.add('task-unified-2', { durationMs: 200_000 });
		server.add('task-unified-3', { durationMs: 300_000 });
		const tasks = [track(0, 'task-unified-1', 10), track(1, 'task-unified-2', 100), track(2, 'task-unified-3', 300)];
		let caught: unknown;
		try {
			await waitForTasks(tasks, { ...deps, signal: ctl.signal }, { timeoutMs: HOUR });
		} catch (e) {
			caught = e;
		}
		expect(caught).toBeInstanceOf(WaitCancelledError);
		const err = caught as WaitCancelledError;
		expect(clock.t - abortAt).toBeLessThanOrEqual(1_000);
		expect(err.tasks.map((t) => t.id)).toEqual(['task-unified-1', 'task-unified-2', 'task-unified-3']);
		expect(err.tasks[0]).toMatchObject({ key: 0, status: 'completed', progress: 100 });
		expect(err.tasks[1]).toMatchObject({ key: 1, status: 'processing', progress: 20 }); // seen at 40 s (40 % of its 100 s estimate)
		expect(err.tasks[2]).toMatchObject({ key: 2, status: undefined }); // not queried yet: id kept anyway
		expect(err.outcomes[0]?.kind).toBe('completed');
		expect(err.outcomes[1]).toBeUndefined();
		expect(err.message).toContain('task-unified-3');
		// the cancel signal was handed to every query
		expect(server.calls.every((c) => c.signal === ctl.signal)).toBe(true);
	});

	it('cancel during an in-flight query (getTask rejects on abort)', async () => {
		const { clock, server, deps } = setup();
		const ctl = new AbortController();
		server.add('task-unified-c', { durationMs: 100_000 });
		const getTask = async (id: string, signal?: AbortSignal) => {
			ctl.abort();
			if (signal?.aborted) throw new Error('aborted');
			return server.getTask(id, signal);
		};
		const p = waitForTasks([track(0, 'task-unified-c', 100)], { ...deps, getTask, signal: ctl.signal }, { timeoutMs: HOUR });
		await expect(p).rejects.toBeInstanceOf(WaitCancelledError);
		// the abort is not mistaken for a permanent query error
		await expect(p).rejects.toMatchObject({ outcomes: [undefined], tasks: [{ id: 'task-unified-c' }] });
		expect(clock.t - T0).toBe(40_000);
	});

	it('already cancelled: throws before any query', async () => {
		const { server, deps } = setup();
		const ctl = new AbortController();
		ctl.abort();
		server.add('task-unified-z', { durationMs: 10_000 });
		await expect(
			waitForTasks([track(0, 'task-unified-z', 10)], { ...deps, signal: ctl.signal }, { timeoutMs: HOUR }),
		).rejects.toMatchObject({ name: 'WaitCancelledError', tasks: [{ id: 'task-unified-z' }] });
		expect(server.calls).toHaveLength(0);
	});
});

describe('waitForTasks: onPoll hook', () => {
	it('is called for each query result and error; its own errors are ignored', async () => {
		const { server, deps } = setup();
		server.add('task-unified-p', { durationMs: 20_000, errors: [new EvoLinkRequestError('x', 500)] });
		const seen: string[] = [];
		const outs: WaitOutcome[] = await waitForTasks(
			[track(0, 'task-unified-p', 20)],
			{
				...deps,
				onPoll: (t, r) => {
					seen.push(`${t.id}:${r instanceof Error ? 'error' : r.status}`);
					throw new Error('hook bug');
				},
			},
			{ timeoutMs: HOUR },
		);
		expect(outs[0].kind).toBe('completed');
		expect(seen[0]).toBe('task-unified-p:error');
		expect(seen[seen.length - 1]).toBe('task-unified-p:completed');
		expect(seen).toHaveLength(outs[0].queries);
	});
});

describe('mapWithConcurrency', () => {
	const tick = () => new Promise((r) => timers.setImmediate(r));

	it('keeps input order and respects the limit', async () => {
		let inFlight = 0;
		let max = 0;
		const out = await mapWithConcurrency([5, 1, 4, 2, 3, 6, 7], 3, async (n, i) => {
			inFlight++;
			max = Math.max(max, inFlight);
			for (let k = 0; k < n; k++) await tick();
			inFlight--;
			return `${i}:${n * 10}`;
		});
		expect(out).toEqual(['0:50', '1:10', '2:40', '3:20', '4:30', '5:60', '6:70']);
		expect(max).toBe(3);
	});

	it('on rejection starts nothing new, lets in-flight calls settle, rejects with the first error', async () => {
		const started: number[] = [];
		const settled: number[] = [];
		const p = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (n) => {
			started.push(n);
			await tick();
			if (n === 1) throw new Error('boom 1');
			await tick();
			settled.push(n);
			return n;
		});
		await expect(p).rejects.toThrow('boom 1');
		expect(started).toEqual([0, 1]);
		expect(settled).toEqual([0]);
	});

	it('handles empty input and odd limits', async () => {
		expect(await mapWithConcurrency([], 5, async (x) => x)).toEqual([]);
		expect(await mapWithConcurrency([1, 2], 0, async (x) => x * 2)).toEqual([2, 4]);
	});
});
