/** The wait loop on a fake clock: schedule, batched status reads, per-item settings, faults, cancel. */
import { EvoLinkRequestError } from '../../nodes/EvoLink/transport/errors';
import type { ApiTask } from '../../nodes/EvoLink/transport/types';
import { mapWithConcurrency } from '../../nodes/EvoLink/wait/concurrency';
import type { StatusRead, TrackedTask, WaitDeps, WaitOutcome } from '../../nodes/EvoLink/wait/waitForTasks';
import { WaitCancelledError, backoffMs, waitForTasks } from '../../nodes/EvoLink/wait/waitForTasks';
import { timers } from '../support/host';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

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
	status?: 'failed' | 'cancelled';
	/** Errors answered for this task's next lookups, in order (then normal answers). */
	errors?: Error[];
}

/** Fake EvoLink: linear progress, ended once durationMs has passed since submit. One call = one status read. */
class FakeServer {
	tasks = new Map<string, FakeTaskSpec & { submittedAt: number }>();
	reads: Array<{ ids: string[]; at: number }> = [];
	/** Errors for whole reads, by read number (1-based). */
	readFaults?: (n: number) => Error | undefined;
	constructor(private clock: FakeClock) {}

	add(id: string, spec: FakeTaskSpec, submittedAt = this.clock.t) {
		this.tasks.set(id, { ...spec, submittedAt });
	}

	callsFor(id: string) {
		return this.reads.filter((r) => r.ids.includes(id)).map((r) => r.at - T0);
	}

	task(id: string): ApiTask | Error {
		const spec = this.tasks.get(id);
		if (!spec) return new EvoLinkRequestError('Task not found', 404);
		const err = spec.errors?.shift();
		if (err) return err;
		const elapsed = this.clock.t - spec.submittedAt;
		if (elapsed >= spec.durationMs) {
			if (spec.status) return { id, status: spec.status, progress: 100, error: { code: spec.status === 'cancelled' ? 'request_cancelled' : 'content_policy_violation', message: 'no' } };
			return { id, status: 'completed', progress: 100, results: [`https://cdn.example/${id}.mp4`] };
		}
		return { id, status: 'processing', progress: Math.min(99, Math.floor((100 * elapsed) / spec.durationMs)) };
	}

	readStatus = async (ids: string[]): Promise<StatusRead> => {
		this.reads.push({ ids, at: this.clock.t });
		await new Promise((r) => timers.setImmediate(r)); // a real async hop
		const fault = this.readFaults?.(this.reads.length);
		if (fault) throw fault;
		return new Map(ids.map((id) => [id, this.task(id)]));
	};
}

function setup() {
	const clock = new FakeClock();
	const server = new FakeServer(clock);
	const deps: WaitDeps = { readStatus: server.readStatus, sleep: clock.sleep, now: clock.now };
	return { clock, server, deps };
}

const track = (key: number, id: string, estimatedTime?: number, extra: Partial<TrackedTask> = {}): TrackedTask => ({
	key,
	id,
	submittedAt: T0,
	estimatedTime,
	...extra,
});

afterEach(() => jest.restoreAllMocks());

describe('waitForTasks: Auto schedule on one task', () => {
	it('task ending at its 120 s estimate: 4 queries, noticed at 123.6 s, one sleep per gap', async () => {
		const { clock, server, deps } = setup();
		server.add('task-unified-a', { durationMs: 120_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-a', 120)], deps, { timeoutMs: HOUR });
		expect(out.kind).toBe('completed');
		expect(server.callsFor('task-unified-a')).toEqual([48_000, 84_000, 102_000, 123_600]);
		expect(out).toMatchObject({ waitedMs: 123_600, queries: 4 });
		expect(clock.sleeps).toEqual([48_000, 36_000, 18_000, 21_600]);
	});

	it('failed and cancelled tasks end the wait with their own kind', async () => {
		const { server, deps } = setup();
		server.add('task-unified-f', { durationMs: 5_000, status: 'failed' });
		server.add('task-unified-c', { durationMs: 5_000, status: 'cancelled' });
		const [f, c] = await waitForTasks([track(0, 'task-unified-f', 20), track(1, 'task-unified-c', 20)], deps, { timeoutMs: HOUR });
		expect(f).toMatchObject({ kind: 'failed', queries: 1, waitedMs: 8_000 });
		expect(c).toMatchObject({ kind: 'cancelled', queries: 1, waitedMs: 8_000 });
		if (c.kind !== 'cancelled') throw new Error('not cancelled');
		expect(c.task.error?.code).toBe('request_cancelled');
	});

	it('tasks already ended in `last` resolve without a query', async () => {
		const { server, deps } = setup();
		const last: ApiTask = { id: 'task-unified-d', status: 'completed', progress: 100, results: ['u'] };
		const [out] = await waitForTasks([track(0, 'task-unified-d', 20, { last })], deps, { timeoutMs: HOUR });
		expect(out).toMatchObject({ kind: 'completed', queries: 0 });
		expect(server.reads).toEqual([]);
	});
});

describe('waitForTasks: batched reads', () => {
	it('50 tasks submitted over 2.5 s with the same estimate: ≤ 12 status reads in all (batches of ≤ 50)', async () => {
		const { server, deps } = setup();
		const tasks = Array.from({ length: 50 }, (_, i) => {
			const submittedAt = T0 + i * 50;
			server.add(`task-unified-${i}`, { durationMs: 25_000 }, submittedAt);
			return track(i, `task-unified-${i}`, 25, { submittedAt });
		});
		const outs = await waitForTasks(tasks, deps, { timeoutMs: HOUR });
		expect(outs.every((o) => o.kind === 'completed')).toBe(true);
		expect(server.reads.length).toBeLessThanOrEqual(12);
		expect(Math.max(...server.reads.map((r) => r.ids.length))).toBeLessThanOrEqual(50);
		// each completion is still noticed within max(2 s, 10 %) of its end
		for (const o of outs) expect(o.waitedMs - 25_000).toBeLessThanOrEqual(Math.max(2_000, 0.1 * 25_000) + 2_500);
	});

	it('50 tasks ending spread over 20–30 s (estimate 25 s, the bench case): ≤ 12 reads, each noticed within max(2 s, 10 %)', async () => {
		const { server, deps } = setup();
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const durations = Array.from({ length: 50 }, () => Math.round(20_000 + 10_000 * random()));
		const tasks = durations.map((durationMs, i) => {
			server.add(`task-unified-${i}`, { durationMs }, T0 + i * 20);
			return track(i, `task-unified-${i}`, 25, { submittedAt: T0 + i * 20 });
		});
		const outs = await waitForTasks(tasks, deps, { timeoutMs: HOUR });
		expect(outs.every((o) => o.kind === 'completed')).toBe(true);
		expect(server.reads.length).toBeLessThanOrEqual(12);
		outs.forEach((o, i) => expect(o.waitedMs - durations[i]).toBeLessThanOrEqual(Math.max(2_000, 0.1 * durations[i])));
	});

	it('tasks not due yet fill the room left in a batch that is sent anyway, never an extra request', async () => {
		const { server, deps } = setup();
		// 60 tasks: 40 with 20 s, 20 with 300 s. Reads for the short ones take the long ones along
		// while there is room (≤ 50 ids), so no read is ever of the long ones alone before they near their end.
		const tasks = Array.from({ length: 60 }, (_, i) => {
			const long = i >= 40;
			server.add(`task-unified-${i}`, { durationMs: long ? 300_000 : 20_000 });
			return track(i, `task-unified-${i}`, long ? 300 : 20);
		});
		await waitForTasks(tasks, deps, { timeoutMs: HOUR });
		const early = server.reads.filter((r) => r.at - T0 < 25_000);
		expect(early.every((r) => r.ids.length === 50)).toBe(true);
		expect(early.length).toBeGreaterThanOrEqual(2);
		expect(server.reads.every((r) => r.ids.length <= 50)).toBe(true);
	});

	it('more than 50 due tasks are read in several batches of ≤ 50', async () => {
		const { server, deps } = setup();
		const tasks = Array.from({ length: 120 }, (_, i) => {
			server.add(`task-unified-${i}`, { durationMs: 20_000 });
			return track(i, `task-unified-${i}`, 20);
		});
		await waitForTasks(tasks, deps, { timeoutMs: HOUR, batchSize: 50 });
		expect(server.reads.every((r) => r.ids.length <= 50)).toBe(true);
		expect(server.reads[0].ids.length).toBe(50);
		expect(server.reads.slice(0, 3).map((r) => r.ids.length)).toEqual([50, 50, 20]);
	});

	it('output order = input order, whatever ends first', async () => {
		const { server, deps } = setup();
		server.add('task-unified-slow', { durationMs: 60_000 });
		server.add('task-unified-fast', { durationMs: 10_000 });
		const outs = await waitForTasks([track(0, 'task-unified-slow', 60), track(1, 'task-unified-fast', 10)], deps, { timeoutMs: HOUR });
		expect(outs.map((o) => (o as { task: ApiTask }).task.id)).toEqual(['task-unified-slow', 'task-unified-fast']);
	});
});

describe('waitForTasks: each item its own Timeout and Poll Interval', () => {
	it('a short per-item timeout ends that task early; the others wait on', async () => {
		const { server, deps } = setup();
		server.add('task-unified-long', { durationMs: 120_000 });
		server.add('task-unified-short', { durationMs: 120_000 });
		const outs = await waitForTasks(
			[track(0, 'task-unified-long', 120, { timeoutMs: 5 * 60_000 }), track(1, 'task-unified-short', 120, { timeoutMs: 6_000 })],
			deps,
			{ timeoutMs: HOUR },
		);
		expect(outs[0]).toMatchObject({ kind: 'completed' });
		expect(outs[1]).toMatchObject({ kind: 'timeout', waitedMs: 6_000, queries: 1 });
		expect(server.callsFor('task-unified-short')).toEqual([6_000]);
	});

	it('a fixed per-item interval applies to that item only, and is never pulled forward', async () => {
		const { server, deps } = setup();
		server.add('task-unified-fixed', { durationMs: 30_000 });
		server.add('task-unified-auto', { durationMs: 30_000 });
		await waitForTasks([track(0, 'task-unified-fixed', 30, { pollIntervalMs: 10_000 }), track(1, 'task-unified-auto', 30)], deps, { timeoutMs: HOUR });
		expect(server.callsFor('task-unified-fixed')).toEqual([10_000, 20_000, 30_000]);
		// The Auto task's first look (due at 12 s) joins the fixed task's read at 10 s: one request, not two.
		expect(server.callsFor('task-unified-auto')[0]).toBe(10_000);
	});
});

describe('waitForTasks: faults', () => {
	it('429 with Retry-After holds every read for exactly that long, and does not count as an error streak', async () => {
		const { server, deps } = setup();
		server.readFaults = (n) => (n === 1 ? new EvoLinkRequestError('Too many requests', 429, undefined, 7_000) : undefined);
		server.add('task-unified-r', { durationMs: 20_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-r', 20)], deps, { timeoutMs: HOUR });
		// 8 s → 429; read again at 15 s (75 % → end 20 s); then just after the end
		expect(server.callsFor('task-unified-r')).toEqual([8_000, 15_000, 21_000]);
		expect(out).toMatchObject({ kind: 'completed', waitedMs: 21_000, queries: 3 });
	});

	it('500 and network errors back off exponentially with jitter, capped at 8 % of the task age', async () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
		const { server, deps } = setup();
		const errors = [
			new EvoLinkRequestError('Internal error', 500),
			new EvoLinkRequestError('socket hang up', undefined, undefined, undefined, 'ECONNRESET'),
			new EvoLinkRequestError('Bad gateway', 502),
		];
		server.add('task-unified-e', { durationMs: 20_000, errors });
		const [out] = await waitForTasks([track(0, 'task-unified-e', 20)], deps, { timeoutMs: HOUR });
		// base 1, 2 s (then capped at max(2 s, 8 % of age)): 0.75, 1.5, 1.5 s
		expect(server.callsFor('task-unified-e').slice(0, 4)).toEqual([8_000, 8_750, 10_250, 11_750]);
		expect(out).toMatchObject({ kind: 'completed' });
		expect(out.waitedMs).toBeLessThanOrEqual(22_000);
	});

	it('backoff: doubles with jitter in [base/2, base], at most 30 s and at most max(2 s, 8 % of the age)', () => {
		expect(backoffMs(1, Infinity, () => 0)).toBe(500);
		expect(backoffMs(1, Infinity, () => 1)).toBe(1_000);
		expect(backoffMs(3, Infinity, () => 0.5)).toBe(3_000);
		expect(backoffMs(10, Infinity, () => 1)).toBe(30_000);
		expect(backoffMs(10, 10_000, () => 1)).toBe(2_000);
		expect(backoffMs(10, 100_000, () => 1)).toBe(8_000);
	});

	it('a long outage does not end the wait; gaps stay ≤ 30 s', async () => {
		const { server, deps } = setup();
		server.readFaults = (n) => (n <= 20 ? new EvoLinkRequestError('Unavailable', 503) : undefined);
		server.add('task-unified-o', { durationMs: 20_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-o', 20)], deps, { timeoutMs: HOUR });
		expect(out).toMatchObject({ kind: 'completed', queries: 21 });
		const calls = server.callsFor('task-unified-o');
		expect(Math.max(...calls.slice(1).map((c, i) => c - calls[i]))).toBeLessThanOrEqual(30_000);
	});

	it('faults piling up (429 every 3rd read, 500 every 4th, dropped every 5th): 10 tasks take ≤ 1.5 × the clean run; after any failed read the next comes within max(2 s, 10 % of the age)', async () => {
		const run = async (faulty: boolean) => {
			const { clock, server, deps } = setup();
			const failed = new Set<number>();
			if (faulty)
				server.readFaults = (n) => {
					const fault =
						n % 3 === 0
							? new EvoLinkRequestError('Too many requests', 429, undefined, 1_000)
							: n % 4 === 0
								? new EvoLinkRequestError('Internal error', 500)
								: n % 5 === 0
									? new EvoLinkRequestError('socket hang up', undefined, undefined, undefined, 'ECONNRESET')
									: undefined;
					if (fault) failed.add(n);
					return fault;
				};
			const tasks = Array.from({ length: 10 }, (_, i) => {
				server.add(`task-unified-${i}`, { durationMs: 10_000 + i * 300 });
				return track(i, `task-unified-${i}`, 12);
			});
			const outs = await waitForTasks(tasks, deps, { timeoutMs: HOUR });
			return { wall: clock.t - T0, outs, reads: server.reads, failed };
		};
		const clean = await run(false);
		const faulty = await run(true);
		expect(faulty.outs.every((o) => o.kind === 'completed')).toBe(true);
		expect(faulty.failed.size).toBeGreaterThan(3);
		expect(faulty.wall).toBeLessThanOrEqual(1.5 * clean.wall);
		// The backoff never runs away: the read after a failure comes soon (a 429's own Retry-After is 1 s).
		for (const n of faulty.failed) {
			const [at, next] = [faulty.reads[n - 1]?.at, faulty.reads[n]?.at];
			if (next === undefined) continue;
			expect(next - at).toBeLessThanOrEqual(Math.max(2_000, 0.1 * (at - T0)));
		}
	});

	it('404 ends that task with kind error; the others carry on', async () => {
		const { server, deps } = setup();
		server.add('task-unified-ok', { durationMs: 20_000 });
		const outs = await waitForTasks([track(0, 'task-unified-gone', 20), track(1, 'task-unified-ok', 20)], deps, { timeoutMs: HOUR });
		expect(outs[0]).toMatchObject({ kind: 'error', queries: 1, waitedMs: 8_000 });
		if (outs[0].kind !== 'error') throw new Error('not an error');
		expect((outs[0].error as EvoLinkRequestError).httpCode).toBe(404);
		expect(outs[1]).toMatchObject({ kind: 'completed', waitedMs: 21_000 });
	});

	it('401 after some progress: the error outcome keeps the last status seen', async () => {
		const { server, deps } = setup();
		server.add('task-unified-k', { durationMs: 100_000 });
		server.readFaults = (n) => (n === 2 ? new EvoLinkRequestError('Invalid API key', 401) : undefined);
		const [out] = await waitForTasks([track(0, 'task-unified-k', 100)], deps, { timeoutMs: HOUR });
		expect(out).toMatchObject({ kind: 'error', queries: 2, last: { status: 'processing', progress: 40 } });
	});

	it('timeout: the outcome keeps the last status and progress, after a final query at the deadline', async () => {
		const { clock, server, deps } = setup();
		server.add('task-unified-t', { durationMs: 300_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-t', 300)], deps, { timeoutMs: 100_000 });
		expect(out).toMatchObject({ kind: 'timeout', waitedMs: 100_000, queries: 2, last: { status: 'processing', progress: 33 } });
		expect(server.callsFor('task-unified-t')).toEqual([60_000, 100_000]);
		expect(clock.t - T0).toBe(100_000);
	});

	it('timeout during a Retry-After hold that outlasts the deadline', async () => {
		const { clock, server, deps } = setup();
		server.readFaults = (n) => (n === 1 ? new EvoLinkRequestError('Too many requests', 429, undefined, 120_000) : undefined);
		server.add('task-unified-h', { durationMs: 300_000 });
		const [out] = await waitForTasks([track(0, 'task-unified-h', 300)], deps, { timeoutMs: 90_000 });
		expect(out).toMatchObject({ kind: 'timeout', waitedMs: 90_000, queries: 1 });
		expect(clock.t - T0).toBe(90_000);
	});
});

describe('waitForTasks: cancel', () => {
	it('cancel mid-wait throws WaitCancelledError with every id and its last status', async () => {
		const { clock, server, deps } = setup();
		const controller = new AbortController();
		server.add('task-unified-x', { durationMs: 300_000 });
		server.add('task-unified-y', { durationMs: 10_000 });
		clock.onAdvance = (t) => t - T0 >= 130_000 && controller.abort();
		const error = await waitForTasks([track(0, 'task-unified-x', 300), track(1, 'task-unified-y', 10)], { ...deps, signal: controller.signal }, { timeoutMs: HOUR }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(WaitCancelledError);
		const cancelled = error as WaitCancelledError;
		expect(cancelled.tasks.map((t) => t.id)).toEqual(['task-unified-x', 'task-unified-y']);
		expect(cancelled.message).toContain('task-unified-x (processing');
		expect(cancelled.outcomes[1]).toMatchObject({ kind: 'completed' });
	});

	it('already cancelled: throws before any query', async () => {
		const { server, deps } = setup();
		const controller = new AbortController();
		controller.abort();
		server.add('task-unified-z', { durationMs: 10_000 });
		await expect(waitForTasks([track(0, 'task-unified-z', 10)], { ...deps, signal: controller.signal }, { timeoutMs: HOUR })).rejects.toBeInstanceOf(WaitCancelledError);
		expect(server.reads).toEqual([]);
	});
});

describe('waitForTasks: onPoll hook', () => {
	it('is called for each result and error; its own errors are ignored', async () => {
		const { server, deps } = setup();
		server.add('task-unified-p', { durationMs: 10_000, errors: [new EvoLinkRequestError('Bad gateway', 502)] });
		const seen: string[] = [];
		const [out] = await waitForTasks([track(0, 'task-unified-p', 10)], {
			...deps,
			onPoll: (_t, r) => {
				seen.push(r instanceof Error ? `error ${r.message}` : r.status);
				throw new Error('hook failure');
			},
		}, { timeoutMs: HOUR });
		expect(out.kind).toBe('completed');
		expect(seen[0]).toBe('error Bad gateway');
		expect(seen[seen.length - 1]).toBe('completed');
	});
});

describe('mapWithConcurrency', () => {
	it('keeps input order and respects the limit', async () => {
		let inFlight = 0;
		let max = 0;
		const out = await mapWithConcurrency([5, 1, 3, 2, 4], 2, async (n) => {
			inFlight++;
			max = Math.max(max, inFlight);
			await new Promise((r) => timers.setImmediate(r));
			inFlight--;
			return n * 10;
		});
		expect(out).toEqual([50, 10, 30, 20, 40]);
		expect(max).toBe(2);
	});

	it('on rejection starts nothing new, lets in-flight calls settle, rejects with the first error', async () => {
		const started: number[] = [];
		const outcome = await mapWithConcurrency([1, 2, 3, 4], 2, async (n) => {
			started.push(n);
			await new Promise((r) => timers.setImmediate(r));
			if (n === 1) throw new Error('first');
			return n;
		}).catch((e: Error) => e.message);
		expect(outcome).toBe('first');
		expect(started).toEqual([1, 2]);
	});

	it('handles empty input and odd limits', async () => {
		expect(await mapWithConcurrency([], 3, async (x) => x)).toEqual([]);
		expect(await mapWithConcurrency([1, 2], 0, async (x) => x)).toEqual([1, 2]);
	});
});

/** Satisfy the type import when every case is skipped by a filter. */
export type { WaitOutcome };
