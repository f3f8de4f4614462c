// When to query one async task next. Pure: no clock, no I/O, so it can be tested with numbers.

export const MIN_GAP_MS = 1_000;
export const MAX_GAP_MS = 60_000;
/** Used when the server gives no estimated_time: a rough, model-agnostic guess. */
export const DEFAULT_ESTIMATE_MS = 60_000;

export interface ScheduleInput {
	/** ms since the task was submitted. */
	elapsedMs: number;
	/** Server's task_info.estimated_time, in seconds. */
	estimatedTimeS?: number;
	/** Last progress seen (0-100) ... */
	progress?: number;
	/** ... and when it was seen, in ms since submit. */
	progressAtMs?: number;
	/** Successful status queries so far. */
	polls: number;
	/** Fixed interval chosen by the user; overrides Auto. */
	fixedIntervalMs?: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Best guess of the task's end, in ms since submit. Progress is read as linear from
 * submit (end ≈ seenAt × 100 / progress); low progress values are noisy, so they are
 * blended with the server estimate and only trusted fully from 20 %.
 */
export function expectedEndMs(input: ScheduleInput): number {
	const est = input.estimatedTimeS;
	const server = est !== undefined && est > 0 ? est * 1000 : DEFAULT_ESTIMATE_MS;
	const p = input.progress ?? 0;
	const at = input.progressAtMs ?? 0;
	if (!(p > 0) || !(at > 0)) return server;
	const fromProgress = (at * 100) / Math.min(p, 100);
	const w = Math.min(1, p / 20);
	return w * fromProgress + (1 - w) * server;
}

/** Delay in ms before the next status query of one task. */
export function nextPollDelay(input: ScheduleInput): number {
	if (input.fixedIntervalMs !== undefined && input.fixedIntervalMs > 0) {
		return Math.max(MIN_GAP_MS, input.fixedIntervalMs);
	}
	const t = Math.max(0, input.elapsedMs);
	const end = expectedEndMs(input);
	// Overdue: gap proportional to elapsed keeps lateness under ~8 % of the run time.
	if (t >= end) return clamp(0.08 * t, MIN_GAP_MS, MAX_GAP_MS);

	// The query meant to see the task finished: shortly after the expected end, with
	// margin left for an estimate a few % off (goal: noticed within 10 %).
	const after = end + clamp(0.03 * end, MIN_GAP_MS, 10_000);

	if (input.polls === 0) {
		// First look fairly early so quick rejections (content policy...) surface soon.
		// Without a server estimate the default is only a guess: look earlier still.
		const frac = input.estimatedTimeS ? 0.4 : 0.25;
		const first = Math.min(frac * end, MAX_GAP_MS);
		if (first > t + MIN_GAP_MS) return first - t;
	}

	const remaining = end - t;
	// Sparse early (halve the remaining time), then jump straight to `after` once close.
	// Close to the end a read never comes sooner than the overdue cadence: a task read early
	// (with others, in one batch) stays on their cadence and is still noticed within ~8 %.
	let gap = remaining <= 0.25 * end ? Math.max(after - t, 0.08 * t) : 0.5 * remaining;
	// Gaps are capped: spread the way to `after` evenly rather than landing near the end by chance.
	if (gap > MAX_GAP_MS) gap = (after - t) / Math.ceil((after - t) / MAX_GAP_MS);
	return clamp(gap, MIN_GAP_MS, MAX_GAP_MS);
}
