import type { RenderTemplate } from '../../platform/outbox.ts';

export const MEETING_TEMPLATES: readonly string[] = [];

export const renderMeetingTemplate: RenderTemplate = (template) => {
  throw new Error(`unknown notification template: ${template}`);
};
