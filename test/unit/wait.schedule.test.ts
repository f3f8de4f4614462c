import {
	DEFAULT_ESTIMATE_MS,
	MAX_GAP_MS,
	MIN_GAP_MS,
	expectedEndMs,
	nextPollDelay,
} from '../../nodes/EvoLink/wait/schedule';

/**
 * One simulated task: done at `durationMs`, linear progress before that (or none).
 * Queries follow nextPollDelay on a virtual clock. Returns query times and lateness.
 */
function simulate(durationMs: number, estimatedTimeS: number | undefined, withProgress = true) {
	let t = 0;
	let polls = 0;
	let progress: number | undefined;
	let progressAtMs: number | undefined;
	const times: number[] = [];
	const gaps: number[] = [];
	for (let i = 0; i < 200; i++) {
		const gap = nextPollDelay({ elapsedMs: t, estimatedTimeS, progress, progressAtMs, polls });
		gaps.push(gap);
		t += gap;
		times.push(t);
		polls++;
		if (t >= durationMs) return { queries: times.length, noticedAt: t, lateMs: t - durationMs, times, gaps };
		if (withProgress) {
			progress = Math.floor((100 * t) / durationMs);
			progressAtMs = t;
		}
	}
	throw new Error('never noticed');
}

const budget = (noticedAt: number) => Math.max(2_000, 0.1 * noticedAt);
const r1 = (ms: number) => Math.round(ms / 100) / 10; // seconds, one decimal

describe('schedule: task ends exactly at its estimate', () => {
	// [estimate s, expected query count, expected query times (s)]
	const cases: Array<[number, number, number[]]> = [
		[20, 4, [8, 14, 17, 21]],
		[30, 4, [12, 21, 25.5, 31]],
		[120, 4, [48, 84, 102, 123.6]],
		[300, 6, [60, 109.8, 160.9, 211.5, 256.8, 311.2]],
	];
	it.each(cases)('estimate %i s: %i queries, noticed within max(2 s, 10 %%)', (est, count, times) => {
		const r = simulate(est * 1000, est);
		expect(r.times.map(r1)).toEqual(times);
		expect(r.queries).toBe(count);
		expect(r.queries).toBeLessThanOrEqual(6);
		expect(r.lateMs).toBeLessThanOrEqual(budget(r.noticedAt));
		expect(r.lateMs).toBeGreaterThanOrEqual(0);
	});

	it('same counts when the server reports no progress at all', () => {
		expect([20, 30, 120, 300].map((e) => simulate(e * 1000, e, false).queries)).toEqual([4, 4, 4, 6]);
		for (const e of [20, 30, 120, 300]) {
			const r = simulate(e * 1000, e, false);
			expect(r.lateMs).toBeLessThanOrEqual(budget(r.noticedAt));
		}
	});

	it('first query at 40 % of the estimate, capped at the max gap', () => {
		expect(nextPollDelay({ elapsedMs: 0, estimatedTimeS: 20, polls: 0 })).toBe(8_000);
		expect(nextPollDelay({ elapsedMs: 0, estimatedTimeS: 120, polls: 0 })).toBe(48_000);
		expect(nextPollDelay({ elapsedMs: 0, estimatedTimeS: 300, polls: 0 })).toBe(60_000);
		// submit took 3 s: the first query still lands at 8 s after submit
		expect(nextPollDelay({ elapsedMs: 3_000, estimatedTimeS: 20, polls: 0 })).toBe(5_000);
	});
});

describe('schedule: task slower than estimated (1.5×)', () => {
	const cases: Array<[number, number]> = [
		[20, 4],
		[30, 4],
		[120, 4],
		[300, 8], // 450 s run with gaps capped at 60 s
	];
	it.each(cases)('estimate %i s: %i queries, lateness under 10 %%', (est, count) => {
		const r = simulate(est * 1500, est);
		expect(r.queries).toBe(count);
		expect(r.lateMs).toBeLessThanOrEqual(budget(r.noticedAt));
	});

	it('without progress the overdue phase keeps lateness under 10 % of elapsed', () => {
		for (const est of [20, 30, 120, 300]) {
			const r = simulate(est * 1500, est, false);
			expect(r.lateMs).toBeLessThan(0.1 * r.noticedAt);
		}
	});
});

describe('schedule: task faster than estimated (0.5×)', () => {
	const cases: Array<[number, number, number]> = [
		// estimate s, queries, lateness ms
		[20, 2, 1_000],
		[30, 2, 1_000],
		[120, 2, 1_800],
		[300, 4, 4_500],
	];
	it.each(cases)('estimate %i s: %i queries, %i ms late (progress re-estimates the end)', (est, count, late) => {
		const r = simulate(est * 500, est);
		expect(r.queries).toBe(count);
		expect(r.lateMs).toBeCloseTo(late, 0);
		expect(r.lateMs).toBeLessThanOrEqual(budget(r.noticedAt));
	});
});

describe('schedule: estimate missing', () => {
	const cases: Array<[number, number]> = [
		[20, 2],
		[30, 3],
		[120, 5],
		[300, 7],
	];
	it.each(cases)('task of %i s: %i queries, first at 15 s, lateness under 10 %%', (dur, count) => {
		const r = simulate(dur * 1000, undefined);
		expect(r.times[0]).toBe(15_000);
		expect(r.queries).toBe(count);
		expect(r.lateMs).toBeLessThanOrEqual(budget(r.noticedAt));
	});

	it('uses the 60 s default as the expected end', () => {
		expect(expectedEndMs({ elapsedMs: 0, polls: 0 })).toBe(DEFAULT_ESTIMATE_MS);
		expect(expectedEndMs({ elapsedMs: 0, polls: 0, estimatedTimeS: 0 })).toBe(DEFAULT_ESTIMATE_MS);
	});
});

describe('schedule: rules', () => {
	it('re-estimates the end from progress (linear from submit), blending low progress', () => {
		expect(expectedEndMs({ elapsedMs: 40_000, estimatedTimeS: 120, progress: 50, progressAtMs: 30_000, polls: 1 })).toBe(60_000);
		// 5 % progress: weight 0.25 on the progress estimate (200 s), 0.75 on the server's 120 s
		expect(expectedEndMs({ elapsedMs: 10_000, estimatedTimeS: 120, progress: 5, progressAtMs: 10_000, polls: 1 })).toBe(140_000);
		expect(expectedEndMs({ elapsedMs: 10_000, estimatedTimeS: 120, progress: 0, progressAtMs: 10_000, polls: 1 })).toBe(120_000);
	});

	it('overdue: gap is 8 % of elapsed, within [1 s, 60 s]', () => {
		expect(nextPollDelay({ elapsedMs: 100_000, estimatedTimeS: 60, polls: 5 })).toBe(8_000);
		expect(nextPollDelay({ elapsedMs: 10_000, estimatedTimeS: 5, polls: 5 })).toBe(MIN_GAP_MS);
		expect(nextPollDelay({ elapsedMs: 1_000_000, estimatedTimeS: 60, polls: 5 })).toBe(MAX_GAP_MS);
	});

	it('queries shortly after the expected end', () => {
		// 20 s estimate, at 17 s: next at 21 s (end + max(1 s, 3 %))
		expect(nextPollDelay({ elapsedMs: 17_000, estimatedTimeS: 20, polls: 3 })).toBe(4_000);
		// 120 s estimate, at 102 s: next at 123.6 s
		expect(nextPollDelay({ elapsedMs: 102_000, estimatedTimeS: 120, polls: 3 })).toBeCloseTo(21_600, 6);
	});

	it('every gap stays within [1 s, 60 s]', () => {
		for (const est of [1, 5, 20, 30, 120, 300, 900, undefined]) {
			for (const f of [0.1, 0.5, 1, 1.5, 3]) {
				for (const withProgress of [true, false]) {
					const dur = (est ?? 60) * 1000 * f;
					const r = simulate(dur, est, withProgress);
					for (const g of r.gaps) {
						expect(g).toBeGreaterThanOrEqual(MIN_GAP_MS);
						expect(g).toBeLessThanOrEqual(MAX_GAP_MS);
					}
					expect(r.lateMs).toBeLessThanOrEqual(Math.max(MAX_GAP_MS, 0.5 * r.noticedAt));
				}
			}
		}
	});

	it('a fixed interval overrides Auto (never below 1 s)', () => {
		expect(nextPollDelay({ elapsedMs: 0, estimatedTimeS: 300, polls: 0, fixedIntervalMs: 5_000 })).toBe(5_000);
		expect(nextPollDelay({ elapsedMs: 900_000, estimatedTimeS: 30, polls: 9, fixedIntervalMs: 5_000 })).toBe(5_000);
		expect(nextPollDelay({ elapsedMs: 0, polls: 0, fixedIntervalMs: 200 })).toBe(MIN_GAP_MS);
	});
});
