// @ts-check
'use strict';

const { bad, given } = require('./util');
const { isInternalHost } = require('../callback-url');

/**
 * HappyHorse prose rules. Prompts "longer than 2500 (Chinese) / 5000 characters are silently
 * truncated": accepted, so not refused here.
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').RuleCtx} RuleCtx */
/** @typedef {import('./util').ModelRule} ModelRule */

/**
 * "public HTTP(S) URL (no private/intranet/authenticated links)": no user:password@ in the
 * URL, no literal loopback/private host (allowed when the simulator allows insecure
 * callbacks, i.e. in tests). Host names are not resolved.
 * @param {RuleCtx} ctx
 */
function publicMedia(ctx) {
	for (const { param, url } of ctx.media) {
		const u = new URL(url);
		if (u.username || u.password) throw bad(`'${param}' must be a public URL without credentials`, param);
		if (!ctx.allowInsecure && isInternalHost(u.hostname.replace(/^\[|\]$/g, ''))) {
			throw bad(`'${param}' must be a public URL (not a private or intranet address)`, param);
		}
	}
}

/** @type {ModelRule} */
const PUBLIC = { check: (_b, ctx) => publicMedia(ctx) };

/** @type {Record<string, ModelRule>} */
const rules = {
	'happyhorse-1.0-image-to-video': PUBLIC,
	'happyhorse-1.0-reference-to-video': PUBLIC,
	'happyhorse-1.1-image-to-video': PUBLIC,
	'happyhorse-1.1-reference-to-video': PUBLIC,
	'happyhorse-1.0-video-edit': {
		// "Fields video_url / video are accepted as lower-priority aliases" (of video_urls).
		patch: {
			video_urls: { required: false },
			video_url: { type: 'string', format: 'uri' },
			video: { type: 'string', format: 'uri' },
		},
		check(b, ctx) {
			if (!given(b.video_urls) && !given(b.video_url) && !given(b.video)) {
				throw bad(`'video_urls' is required (or its aliases video_url / video)`, 'video_urls');
			}
			publicMedia(ctx);
		},
	},
};

module.exports = { rules };
