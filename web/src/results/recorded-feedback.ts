import type { FEEDBACK_KINDS } from '../../../src/contract/feedback.ts';

/** The undo token of each feedback kind the server holds for one game and one group. */
export type RecordedFeedback = Partial<Record<(typeof FEEDBACK_KINDS)[number], string>>;
