// Kling v3 image/turbo/motion control, v2.6 motion control, custom element.
import type { ModelDefinition } from '../define';

export const klingMore: ModelDefinition[] = [];
