// @ts-check
'use strict';

/**
 * Final charges and the account balance (evolink-platform.md §4).
 *
 * - At submit only `usage.credits_reserved` exists (the pre-charge).
 * - A completed task carries `usage.credits_used` and `usage.cost {credits, usd, cny}`:
 *   per_second tasks pay for the seconds actually generated (`videoSeconds`, default the
 *   requested duration), anything else pays what was reserved.
 * - Failed and cancelled tasks are refunded: credits_used 0.
 * - Rates: 1 CNY = 10 credits, 1 USD = 6.8 CNY = 68 credits (the vendor's display rate).
 *   The unit of credits_reserved is unsettled in the vendor's own material (credits or UC);
 *   the simulator treats credits_used, cost.credits and the balance in the SAME unit as
 *   credits_reserved, like the vendor client does.
 * - GET /v1/credits: the configured body with the credits used by the key's completed
 *   tasks taken off `remaining_credits` and added to `used_credits`, in both blocks.
 */

const CREDITS_PER_CNY = 10;
const CREDITS_PER_USD = 68;

/** @param {number} v @param {number} digits */
const round = (v, digits) => {
	const f = 10 ** digits;
	return Math.round(v * f) / f;
};

/** @param {number} credits */
function cost(credits) {
	return {
		credits: round(credits, 4),
		usd: round(credits / CREDITS_PER_USD, 6),
		cny: round(credits / CREDITS_PER_CNY, 4),
	};
}

/**
 * Credits a task is finally charged, by its terminal status (null while running).
 * @param {import('./tasks').Task} t @param {string} status
 * @returns {number | null}
 */
function creditsUsed(t, status) {
	if (status === 'failed' || status === 'cancelled') return 0;
	if (status !== 'completed') return null;
	const reserved = t.accepted.creditsReserved;
	if (t.accepted.billingRule !== 'per_second') return reserved;
	const asked = t.accepted.videoDuration;
	const made = t.videoSeconds ?? asked;
	if (!(asked > 0)) return reserved;
	return round((reserved * made) / asked, 4);
}

/**
 * `usage` as GET /v1/tasks/{id} shows it (keys in alphabetical order, like the docs').
 * @param {import('./tasks').Task} t @param {string} status @param {boolean} initial  the create response
 */
function usageView(t, status, initial) {
	const used = initial ? null : creditsUsed(t, status);
	/** @type {Record<string, unknown>} */
	const u = { billing_rule: t.accepted.billingRule };
	if (used !== null) u.cost = cost(used);
	u.credits_reserved = t.accepted.creditsReserved;
	if (used !== null) u.credits_used = used;
	u.user_group = 'default';
	return u;
}

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The GET /v1/credits body after `used` credits were spent. A body that does not have the
 * documented shape (a test's custom one) is returned unchanged.
 * @param {unknown} base @param {number} used
 */
function creditsBody(base, used) {
	if (!used || !isObj(base) || !isObj(base.data)) return base;
	const data = { ...base.data };
	for (const block of ['token', 'user']) {
		const b = data[block];
		if (!isObj(b)) continue;
		const next = { ...b };
		// An unlimited key has no remaining figure to lower.
		if (typeof b.remaining_credits === 'number' && b.unlimited_credits !== true) next.remaining_credits = round(b.remaining_credits - used, 2);
		if (typeof b.used_credits === 'number') next.used_credits = round(b.used_credits + used, 2);
		data[block] = next;
	}
	return { ...base, data };
}

module.exports = { cost, creditsUsed, usageView, creditsBody, CREDITS_PER_USD, CREDITS_PER_CNY };
