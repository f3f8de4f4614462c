import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account';
import { router } from './actions/router';
import * as video from './actions/video';
import { RESUME_WEBHOOKS } from './callback/common';
import { resumeOnCallback } from './callback/resume';
import { MODELS } from './models';


export class EvoLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EvoLink',
		name: 'evoLink',
		icon: { light: 'file:../../icons/evolink.svg', dark: 'file:../../icons/evolink.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Generate Video: kling v3 text to video", "Get Task", …
		subtitle:
			'={{ $parameter["operation"] === "generate" ? "Generate Video: " + String($parameter["model"]).replace(/-/g, " ") : { getTask: "Get Task", getManyTasks: "Get Many Tasks", getCredits: "Get Credits" }[$parameter["operation"]] }}',
		description: `Generate AI videos with EvoLink: ${MODELS.length} models (Kling, Wan, Seedance, Veo, Sora, Hailuo and more)`,
		defaults: { name: 'EvoLink' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'evoLinkApi', required: true }],
		// Wait Mode "On Callback": EvoLink's callback resumes the parked execution.
		webhooks: RESUME_WEBHOOKS,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Video', value: 'video' },
					{ name: 'Account', value: 'account' },
				],
				default: 'video',
			},
			...video.description,
			...account.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeOnCallback.call(this);
	}
}
