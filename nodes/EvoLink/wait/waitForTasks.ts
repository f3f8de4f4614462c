// Waits on many EvoLink tasks in one loop, reading their status in batches. Clock, sleep
// and HTTP are injected: community nodes may not use timers or globals, and the tests
// run on a fake clock.
import { EvoLinkRequestError } from '../transport/errors';
import { isTerminal, type ApiTask } from '../transport/types';
import { nextPollDelay } from './schedule';

export interface TrackedTask {
	key: number;
	id: string;
	/** ms epoch */
	submittedAt: number;
	/** seconds (task_info.estimated_time) */
	estimatedTime?: number;
	last?: ApiTask;
	/** This task's own limit, from the start of waitForTasks (its item's Timeout); default opts.timeoutMs. */
	timeoutMs?: number;
	/** This task's own fixed interval (its item's Poll Interval); default opts.pollIntervalMs (Auto). */
	pollIntervalMs?: number;
}

/** One status read for several tasks: each id maps to its task or to the error of its own lookup. */
export type StatusRead = Map<string, ApiTask | Error>;

export interface WaitDeps {
	/** Reads the status of these tasks (one batch request where the server has it); throws when the read as a whole failed. */
	readStatus(ids: string[]): Promise<StatusRead>;
	/** Sleeps; returns early (or rejects) once `signal` aborts. */
	sleep(ms: number): Promise<void>;
	now(): number;
	/** Execution cancel. */
	signal?: AbortSignal;
	/** Optional hook (logging/progress); its errors are ignored. */
	onPoll?(task: TrackedTask, result: ApiTask | Error): void;
}

export interface WaitOptions {
	/** Default limit of every task, from the start of waitForTasks. */
	timeoutMs: number;
	/** Default fixed interval; undefined = Auto schedule. */
	pollIntervalMs?: number;
	/** Ids per status read (EvoLink's batch takes 50). */
	batchSize?: number;
}

/** `queries` counts the status reads that included the task, failed ones too. */
export type WaitOutcome =
	| { kind: 'completed' | 'failed' | 'cancelled'; task: ApiTask; waitedMs: number; queries: number }
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
			`Waiting was canceled. Task IDs: ${tasks
				.map((t) => `${t.id} (${t.status ?? 'unknown'}${t.progress !== undefined ? ` ${t.progress}%` : ''})`)
				.join(', ')}`,
		);
		this.name = 'WaitCancelledError';
	}
}

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** A task whose next query is this close (share of its gap) joins a read that is due anyway. */
const COALESCE_SHARE = 0.2;

interface State {
	task: TrackedTask;
	last?: ApiTask;
	polls: number;
	queries: number;
	errorStreak: number;
	/** ms epoch of the next query, and of the earliest moment it may join another read. */
	nextAt: number;
	joinAt: number;
	deadline: number;
	progress?: number;
	progressAt?: number;
	outcome?: WaitOutcome;
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random) so many tasks don't
 * retry in lockstep, capped at 8 % of the task's age: however many errors pile up, a
 * completion is still seen within about 10 % of the time the task has taken.
 */
export function backoffMs(streak: number, elapsedMs = Infinity, random: () => number = Math.random): number {
	const cap = Math.min(BACKOFF_MAX_MS, Math.max(2 * BACKOFF_BASE_MS, 0.08 * elapsedMs));
	const base = Math.min(cap, BACKOFF_BASE_MS * 2 ** Math.max(0, streak - 1));
	return base / 2 + (base / 2) * random();
}

export async function waitForTasks(tasks: TrackedTask[], deps: WaitDeps, opts: WaitOptions): Promise<WaitOutcome[]> {
	const start = deps.now();
	const batchSize = Math.max(1, opts.batchSize ?? 50);
	// A 429 limits the whole account: hold every read, not just the one that got it.
	let holdUntil = 0;

	const states: State[] = tasks.map((task) => {
		const deadline = start + Math.max(0, task.timeoutMs ?? opts.timeoutMs);
		const s: State = { task, last: task.last, polls: 0, queries: 0, errorStreak: 0, nextAt: start, joinAt: start, deadline };
		if (isTerminal(task.last)) s.outcome = finished(task.last!, start - task.submittedAt, 0);
		else {
			if (task.last?.progress !== undefined) {
				s.progress = task.last.progress;
				s.progressAt = start - task.submittedAt;
			}
			schedule(s, start, delayFor(s, start));
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
			fixedIntervalMs: s.task.pollIntervalMs ?? opts.pollIntervalMs,
		});
	}

	function isFixed(s: State): boolean {
		return (s.task.pollIntervalMs ?? opts.pollIntervalMs) !== undefined;
	}

	function schedule(s: State, now: number, gap: number) {
		s.nextAt = now + Math.max(gap, 1);
		// Fixed intervals are the user's promise: only Auto tasks are pulled forward.
		s.joinAt = isFixed(s) ? s.nextAt : now + gap * (1 - COALESCE_SHARE);
	}

	const cancelled = () => deps.signal?.aborted === true;
	const cancelError = () =>
		new WaitCancelledError(
			states.map((s) => ({ key: s.task.key, id: s.task.id, status: s.last?.status, progress: s.last?.progress })),
			states.map((s) => s.outcome),
		);
	const hook = (s: State, r: ApiTask | Error) => {
		try {
			deps.onPoll?.(s.task, r);
		} catch {
			// a logging hook must never break the wait
		}
	};
	const timedOut = (s: State, now: number): WaitOutcome => ({ kind: 'timeout', last: s.last, waitedMs: now - s.task.submittedAt, queries: s.queries });

	function onError(s: State, err: Error, now: number) {
		hook(s, err);
		if (!(err instanceof EvoLinkRequestError && err.transient)) {
			s.outcome = { kind: 'error', error: err, last: s.last, waitedMs: now - s.task.submittedAt, queries: s.queries };
			return;
		}
		if (now >= s.deadline) {
			s.outcome = timedOut(s, now);
			return;
		}
		if (err.httpCode === 429) {
			// The server said when: that is a hold, not a sign of trouble (no longer backoff).
			const wait = err.retryAfterMs ?? backoffMs(1, now - s.task.submittedAt);
			holdUntil = Math.max(holdUntil, now + wait);
			schedule(s, now, wait);
			return;
		}
		s.errorStreak++;
		schedule(s, now, backoffMs(s.errorStreak, now - s.task.submittedAt));
	}

	function onTask(s: State, result: ApiTask, now: number) {
		hook(s, result);
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
		if (now >= s.deadline) s.outcome = timedOut(s, now);
		else schedule(s, now, delayFor(s, now));
	}

	async function read(group: State[]) {
		for (const s of group) s.queries++;
		let answers: StatusRead;
		try {
			answers = await deps.readStatus(group.map((s) => s.task.id));
		} catch (error) {
			if (cancelled()) return;
			const err = error instanceof Error ? error : new Error(String(error));
			const now = deps.now();
			for (const s of group) onError(s, err, now);
			return;
		}
		if (cancelled()) return;
		const now = deps.now();
		for (const s of group) {
			const r = answers.get(s.task.id) ?? new EvoLinkRequestError(`did not answer for task ${s.task.id}`);
			if (r instanceof Error) onError(s, r, now);
			else onTask(s, r, now);
		}
	}

	for (;;) {
		if (cancelled()) throw cancelError();
		const open = states.filter((s) => !s.outcome);
		if (open.length === 0) break;
		const now = deps.now();
		if (now < holdUntil) {
			// Rate limited: tasks past their deadline end now (no last query is possible).
			for (const s of open) if (now >= s.deadline && holdUntil > s.deadline) s.outcome = timedOut(s, now);
		} else {
			// Past its deadline a task gets one last query, then times out.
			const due = open.filter((s) => Math.min(s.nextAt, s.deadline) <= now);
			if (due.length > 0) {
				const joining = open.filter((s) => !due.includes(s) && s.joinAt <= now);
				// Room left in the batches sent anyway is filled with the Auto tasks due soonest:
				// reading early costs no request and keeps the tasks on one cadence.
				const room = Math.ceil((due.length + joining.length) / batchSize) * batchSize - due.length - joining.length;
				const filling = open
					.filter((s) => !due.includes(s) && !joining.includes(s) && !isFixed(s))
					.sort((a, b) => a.nextAt - b.nextAt)
					.slice(0, room);
				const group = [...due, ...joining, ...filling];
				for (let i = 0; i < group.length; i += batchSize) await read(group.slice(i, i + batchSize));
				continue;
			}
		}
		const stillOpen = open.filter((s) => !s.outcome);
		if (stillOpen.length === 0) continue;
		// Sleep until the next read is due (after any hold), or until a deadline that falls inside the hold.
		const wakeFor = (s: State) => (holdUntil > s.deadline ? s.deadline : Math.max(holdUntil, Math.min(s.nextAt, s.deadline)));
		const wake = Math.min(...stillOpen.map(wakeFor));
		const ms = wake - deps.now();
		if (ms > 0) {
			try {
				await deps.sleep(ms);
			} catch {
				// an aborted sleep: the cancel check above throws
			}
		}
	}
	return states.map((s) => s.outcome!);
}

function finished(task: ApiTask, waitedMs: number, queries: number): WaitOutcome {
	const kind = task.status === 'completed' ? 'completed' : task.status === 'cancelled' ? 'cancelled' : 'failed';
	return { kind, task, waitedMs: Math.max(0, waitedMs), queries };
}
