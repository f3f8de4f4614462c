import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import * as video from './actions/video';

export class EvoLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EvoLink',
		name: 'evoLink',
		icon: { light: 'file:../../icons/evolink.svg', dark: 'file:../../icons/evolink.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "getTask" ? "Get Task" : $parameter["model"]}}',
		description: 'Generate AI videos with EvoLink (Wan 2.5, Kling v3)',
		defaults: { name: 'EvoLink' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'evoLinkApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Video', value: 'video' }],
				default: 'video',
			},
			...video.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
