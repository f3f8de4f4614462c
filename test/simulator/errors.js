// @ts-check
'use strict';

/**
 * EvoLink's error envelope: {"error":{"code","message","type","param"?,"fallback_suggestion"?}}.
 * Older vendor pages use the HTTP status as an integer `code`, newer ones a string;
 * the simulator can speak either so clients are tested against both.
 */

/** @typedef {'string' | 'number'} CodeStyle */

/**
 * @typedef {object} ErrorBody
 * @property {string | number} code
 * @property {string} message
 * @property {string} type
 * @property {string} [param]
 * @property {string} [fallback_suggestion]
 */

const BILLING_URL = 'https://evolink.ai/dashboard/billing';

/** Documented defaults per HTTP status (type from the docs' table). */
/** @type {Record<number, {code: string, type: string, message: string, fallback_suggestion?: string}>} */
const DEFAULTS = {
	400: { code: 'invalid_request', type: 'invalid_request_error', message: 'Invalid request' },
	401: { code: 'unauthorized', type: 'authentication_error', message: 'Invalid API key' },
	402: {
		code: 'insufficient_quota',
		type: 'insufficient_quota_error',
		message: 'Insufficient credits',
		fallback_suggestion: BILLING_URL,
	},
	403: { code: 'permission_denied', type: 'permission_error', message: 'No access to this model' },
	404: { code: 'not_found', type: 'not_found_error', message: 'Not found' },
	405: { code: 'method_not_allowed', type: 'invalid_request_error', message: 'Method not allowed' },
	413: { code: 'request_too_large', type: 'invalid_request_error', message: 'Request body too large' },
	429: {
		code: 'rate_limit_exceeded',
		type: 'rate_limit_error',
		message: 'Rate limit exceeded',
		fallback_suggestion: 'retry after 60 seconds',
	},
	500: {
		code: 'internal_error',
		type: 'internal_server_error',
		message: 'Internal server error',
		fallback_suggestion: 'retry after 30 seconds',
	},
	502: {
		code: 'upstream_error',
		type: 'upstream_error',
		message: 'Upstream service error',
		fallback_suggestion: 'retry after 30 seconds',
	},
	503: {
		code: 'service_unavailable',
		type: 'service_unavailable_error',
		message: 'Service temporarily unavailable',
		fallback_suggestion: 'retry after 30 seconds',
	},
};

/**
 * Builds an error body for an HTTP status; `over` replaces the defaults field by field.
 * @param {number} status
 * @param {Partial<ErrorBody>} [over]
 * @param {CodeStyle} [style]
 * @returns {{error: ErrorBody}}
 */
function errorBody(status, over = {}, style = 'string') {
	const d = DEFAULTS[status] || {
		code: status >= 500 ? 'internal_error' : 'error',
		type: status >= 500 ? 'internal_server_error' : 'invalid_request_error',
		message: `HTTP ${status}`,
	};
	/** @type {ErrorBody} */
	const e = { code: style === 'number' ? status : d.code, message: d.message, type: d.type };
	if (d.fallback_suggestion) e.fallback_suggestion = d.fallback_suggestion;
	for (const [k, v] of Object.entries(over)) {
		if (v !== undefined) /** @type {any} */ (e)[k] = v;
	}
	// A string code asked for while the style is numeric still becomes the number.
	if (style === 'number' && typeof e.code === 'string') e.code = status;
	return { error: e };
}

/** Messages for failed tasks, by business code (codes from the docs). */
/** @type {Record<string, string>} */
const TASK_ERROR_MESSAGES = {
	content_policy_violation: 'The request was rejected by the content safety policy',
	invalid_parameters: 'Invalid parameters for the generation',
	image_processing_error: 'The input image could not be processed',
	image_dimension_mismatch: 'The input image dimensions are not supported',
	request_cancelled: 'The task was cancelled',
	generation_failed_no_content: 'The generation produced no content',
	service_error: 'The generation service failed',
	generation_timeout: 'The generation timed out',
	resource_exhausted: 'Generation resources are exhausted, try again later',
	quota_exceeded: 'Quota exceeded',
	service_unavailable: 'The generation service is unavailable',
	resource_not_found: 'A referenced resource was not found',
	unknown_error: 'Unknown error',
};

/**
 * @param {string} code
 * @param {string} [message]
 */
function taskError(code, message) {
	return { code, message: message || TASK_ERROR_MESSAGES[code] || 'The task failed', type: 'task_error' };
}

module.exports = { errorBody, taskError, TASK_ERROR_MESSAGES, BILLING_URL };
