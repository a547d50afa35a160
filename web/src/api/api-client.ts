import type { z } from 'zod';
import type { FeedbackRequest, FeedbackResponseSchema } from '../../../src/contract/feedback.ts';
import type {
  FriendsResponseSchema,
  ResolvedMemberSchema,
  SamplePlayersResponseSchema,
} from '../../../src/contract/members.ts';
import type {
  RecommendationRequestSchema,
  RecommendationResponse,
} from '../../../src/contract/recommendations.ts';

export type SamplePlayer = z.infer<typeof SamplePlayersResponseSchema>['items'][number];
export type ResolvedMember = z.infer<typeof ResolvedMemberSchema>;
export type FriendsResponse = z.infer<typeof FriendsResponseSchema>;
export type FeedbackReceipt = z.infer<typeof FeedbackResponseSchema>;
/** A recommendation request as sent (defaults such as `limit` may be left out). */
export type RecommendationQuery = z.input<typeof RecommendationRequestSchema>;
export type { FeedbackRequest, RecommendationResponse };

/** Everything the page asks of the server; createHttpApiClient is the implementation the page uses. */
export interface ApiClient {
  samplePlayers(limit: number, signal?: AbortSignal): Promise<SamplePlayer[]>;
  resolveMember(input: string, signal?: AbortSignal): Promise<ResolvedMember>;
  friends(steamId: string, signal?: AbortSignal): Promise<FriendsResponse>;
  recommend(request: RecommendationQuery, signal?: AbortSignal): Promise<RecommendationResponse>;
  sendFeedback(request: FeedbackRequest): Promise<FeedbackReceipt>;
  /** Undoes one recorded event: takes the receipt's undoToken (its id undoes nothing). */
  undoFeedback(undoToken: string): Promise<void>;
}
