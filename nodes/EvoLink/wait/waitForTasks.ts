// Waits on many EvoLink tasks in one loop. Clock, sleep and HTTP are injected: n8n
// community nodes may not use timers or globals, and tests run on a fake clock.
import { EvoLinkRequestError } from '../transport/errors';
import { TERMINAL_STATUSES, type ApiTask } from '../transport/types';
import { mapWithConcurrency } from './concurrency';
import { nextPollDelay } from './schedule';

export interface TrackedTask {
	key: number;
	id: string;
	/** ms epoch */
	submittedAt: number;
	/** seconds (task_info.estimated_time) */
	estimatedTime?: number;
	last?: ApiTask;
}

export interface WaitDeps {
	/** Throws EvoLinkRequestError. */
	getTask(id: string, signal?: AbortSignal): Promise<ApiTask>;
	sleep(ms: number): Promise<void>;
	now(): number;
	/** Execution cancel. */
	signal?: AbortSignal;
	/** Optional hook (logging/progress); its errors are ignored. */
	onPoll?(task: TrackedTask, result: ApiTask | Error): void;
}

export interface WaitOptions {
	/** Whole wait, from the start of waitForTasks. */
	timeoutMs: number;
	/** Fixed interval; undefined = Auto schedule. */
	pollIntervalMs?: number;
	/** Default 8. */
	maxConcurrentQueries?: number;
}

/** `queries` counts every status query sent for the task, failed ones included. */
export type WaitOutcome =
	| { kind: 'completed' | 'failed'; task: ApiTask; waitedMs: number; queries: number }
	| { kind: 'timeout'; last?: ApiTask; waitedMs: number; queries: number }
	| { kind: 'error'; error: Error; last?: ApiTask; waitedMs: number; queries: number };

export interface CancelledTaskInfo {
	key: number;
	id: string;
	status?: string;
	progress?: number;
}

/** Thrown when the execution is cancelled; keeps every task id so none is lost. */
export class WaitCancelledError extends Error {
	constructor(
		readonly tasks: CancelledTaskInfo[],
		/** Outcomes already known at cancel time (same order as the input), else undefined. */
		readonly outcomes: Array<WaitOutcome | undefined>,
	) {
		super(
			`Waiting was canceled. Task ids: ${tasks
				.map((t) => `${t.id} (${t.status ?? 'unknown'}${t.progress !== undefined ? ` ${t.progress}%` : ''})`)
				.join(', ')}`,
		);
		this.name = 'WaitCancelledError';
	}
}

/** Sleep slice: a cancel is seen within this time. */
export const SLEEP_SLICE_MS = 500;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

interface State {
	task: TrackedTask;
	last?: ApiTask;
	polls: number;
	queries: number;
	errorStreak: number;
	nextAt: number;
	progress?: number;
	progressAt?: number;
	outcome?: WaitOutcome;
}

const isTerminal = (t?: ApiTask) => !!t && TERMINAL_STATUSES.includes(String(t.status));

/** Exponential backoff with "equal jitter" (half fixed, half random) so many tasks don't retry in lockstep. */
export function backoffMs(streak: number, random: () => number = Math.random): number {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, streak - 1));
	return base / 2 + (base / 2) * random();
}

export async function waitForTasks(
	tasks: TrackedTask[],
	deps: WaitDeps,
	opts: WaitOptions,
): Promise<WaitOutcome[]> {
	const start = deps.now();
	const deadline = start + Math.max(0, opts.timeoutMs);
	const limit = opts.maxConcurrentQueries ?? 8;
	// A 429 limits the whole account: hold every query, not just the one that got it.
	let holdUntil = 0;

	const states: State[] = tasks.map((task) => {
		const s: State = { task, last: task.last, polls: 0, queries: 0, errorStreak: 0, nextAt: start };
		if (isTerminal(task.last)) {
			s.outcome = finished(task.last!, start - task.submittedAt, 0);
		} else {
			if (task.last?.progress !== undefined) {
				s.progress = task.last.progress;
				s.progressAt = start - task.submittedAt;
			}
			s.nextAt = start + delayFor(s, start);
		}
		return s;
	});

	function delayFor(s: State, now: number): number {
		return nextPollDelay({
			elapsedMs: now - s.task.submittedAt,
			estimatedTimeS: s.task.estimatedTime ?? s.last?.task_info?.estimated_time,
			progress: s.progress,
			progressAtMs: s.progressAt,
			polls: s.polls,
			fixedIntervalMs: opts.pollIntervalMs,
		});
	}

	const cancelled = () => deps.signal?.aborted === true;
	const cancelError = () =>
		new WaitCancelledError(
			states.map((s) => ({
				key: s.task.key,
				id: s.task.id,
				status: s.last?.status,
				progress: s.last?.progress,
			})),
			states.map((s) => s.outcome),
		);
	const hook = (s: State, r: ApiTask | Error) => {
		try {
			deps.onPoll?.(s.task, r);
		} catch {
			// a logging hook must never break the wait
		}
	};

	async function query(s: State): Promise<void> {
		// Another query of this batch just got a 429: stay due, go after the hold.
		if (deps.now() < holdUntil || cancelled()) return;
		s.queries++;
		let result: ApiTask;
		try {
			result = await deps.getTask(s.task.id, deps.signal);
		} catch (error) {
			const err = error instanceof Error ? error : new Error(String(error));
			hook(s, err);
			if (cancelled()) return; // the loop throws WaitCancelledError
			const now = deps.now();
			if (err instanceof EvoLinkRequestError && err.transient) {
				s.errorStreak++;
				let wait = backoffMs(s.errorStreak);
				if (err.httpCode === 429) {
					if (err.retryAfterMs !== undefined) wait = Math.max(err.retryAfterMs, 0);
					holdUntil = Math.max(holdUntil, now + wait);
				}
				s.nextAt = now + Math.max(wait, 1);
				if (now >= deadline) s.outcome = timedOut(s, now);
				return;
			}
			s.outcome = { kind: 'error', error: err, last: s.last, waitedMs: now - s.task.submittedAt, queries: s.queries };
			return;
		}
		hook(s, result);
		const now = deps.now();
		s.last = result;
		s.errorStreak = 0;
		s.polls++;
		if (isTerminal(result)) {
			s.outcome = finished(result, now - s.task.submittedAt, s.queries);
			return;
		}
		if (typeof result.progress === 'number') {
			s.progress = result.progress;
			s.progressAt = now - s.task.submittedAt;
		}
		if (now >= deadline) s.outcome = timedOut(s, now);
		else s.nextAt = now + delayFor(s, now);
	}

	function timedOut(s: State, now: number): WaitOutcome {
		return { kind: 'timeout', last: s.last, waitedMs: now - s.task.submittedAt, queries: s.queries };
	}

	for (;;) {
		if (cancelled()) throw cancelError();
		const open = states.filter((s) => !s.outcome);
		if (open.length === 0) break;
		const now = deps.now();
		if (now >= deadline && now < holdUntil) {
			// Rate limited past the deadline: no last query is possible.
			for (const s of open) s.outcome = timedOut(s, now);
			break;
		}
		if (now >= holdUntil) {
			// Past the deadline every open task gets one last query, then times out.
			const due = open.filter((s) => Math.min(s.nextAt, deadline) <= now);
			if (due.length > 0) {
				await mapWithConcurrency(due, limit, query);
				continue;
			}
		}
		const wake = Math.min(deadline, Math.max(holdUntil, Math.min(...open.map((s) => s.nextAt))));
		// Short slices so a cancel is noticed quickly even with a long gap ahead.
		for (let t = deps.now(); t < wake; t = deps.now()) {
			if (cancelled()) throw cancelError();
			await deps.sleep(Math.min(SLEEP_SLICE_MS, wake - t));
		}
	}
	return states.map((s) => s.outcome!);
}

function finished(task: ApiTask, waitedMs: number, queries: number): WaitOutcome {
	const kind = task.status === 'completed' ? 'completed' : 'failed';
	return { kind, task, waitedMs: Math.max(0, waitedMs), queries };
}
