import { FeedbackRequestSchema, FeedbackResponseSchema } from '../../../src/contract/feedback.ts';
import {
  RecommendationRequestSchema,
  RecommendationResponseSchema,
  type MemberInput,
  type RecommendationResponse,
  type RecommendedItem,
} from '../../../src/contract/recommendations.ts';
import type {
  ApiClient,
  FeedbackReceipt,
  FeedbackRequest,
  FriendsResponse,
  RecommendationQuery,
  ResolvedMember,
  SamplePlayer,
} from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';

/** A catalog game of the fake server. */
export interface FakeGame {
  appid: number;
  name: string;
  price: number | null;
  modes: RecommendedItem['modes'];
}

function memberId(member: MemberInput): string {
  if ('sampleUser' in member) return `sample:${member.sampleUser}`;
  if ('steamId' in member) return `steam:${member.steamId}`;
  if ('vanity' in member) return `vanity:${member.vanity}`;
  return 'profileUrl' in member ? `url:${member.profileUrl}` : `inline:${member.name}`;
}

/**
 * An in-memory Coplay server for component tests: it validates requests with the shared contract, keeps
 * libraries and feedback, applies the ownership and mode filters, and answers with contract-valid bodies.
 * `failNext` makes the next call of an operation fail with a given ApiError.
 */
export class FakeApiClient implements ApiClient {
  samples: SamplePlayer[] = [];
  /** Libraries by member id ("sample:5", "steam:7656…"), appid → minutes played. */
  libraries = new Map<string, Map<number, number>>();
  games: FakeGame[] = [];
  accounts = new Map<string, ResolvedMember>();
  friendLists = new Map<string, ResolvedMember[]>();
  readonly requests: RecommendationQuery[] = [];
  readonly feedback = new Map<number, FeedbackRequest & { undone: boolean; undoToken: string }>();
  /** Every feedback call, in order: what was sent or undone. */
  readonly feedbackCalls: string[] = [];
  private readonly failures = new Map<string, ApiError>();
  private nextFeedbackId = 1;

  failNext(
    operation: 'samplePlayers' | 'resolveMember' | 'friends' | 'recommend' | 'sendFeedback' | 'undoFeedback',
    error: ApiError,
  ): void {
    this.failures.set(operation, error);
  }

  private check(operation: string): void {
    const failure = this.failures.get(operation);
    if (failure) {
      this.failures.delete(operation);
      throw failure;
    }
  }

  async samplePlayers(limit: number): Promise<SamplePlayer[]> {
    this.check('samplePlayers');
    return this.samples.slice(0, limit);
  }

  async resolveMember(input: string): Promise<ResolvedMember> {
    this.check('resolveMember');
    const account = this.accounts.get(input);
    if (!account) throw new ApiError(404, 'STEAM_ID_UNRESOLVED', `no Steam profile "${input}"`);
    return account;
  }

  async friends(steamId: string): Promise<FriendsResponse> {
    this.check('friends');
    return { items: this.friendLists.get(steamId) ?? [], stale: false };
  }

  async recommend(query: RecommendationQuery): Promise<RecommendationResponse> {
    this.requests.push(query);
    this.check('recommend');
    const request = RecommendationRequestSchema.parse(query);
    const libraries = request.members.map(
      (m) => this.libraries.get(memberId(m)) ?? new Map<number, number>(),
    );
    const ownership = request.filters.ownership ?? 'any';
    const wanted = request.filters.modes ?? [];
    const items = this.games
      .filter((g) => wanted.length === 0 || g.modes.some((m) => wanted.includes(m)))
      .filter((g) => !request.filters.freeOnly || g.price === 0)
      .filter((g) => {
        const owners = libraries.filter((l) => l.has(g.appid)).length;
        if (ownership === 'all') return owners === libraries.length;
        if (ownership === 'none') return owners === 0;
        return ownership === 'some' ? owners > 0 : true;
      })
      .slice(0, request.limit)
      .map((g, rank) => ({
        appid: g.appid,
        name: g.name,
        score: 1 - rank / 100,
        members: libraries.map((l, i) => ({
          fit: ((g.appid * (i + 3)) % 97) / 96,
          owns: l.has(g.appid),
          playtimeMinutes: l.get(g.appid) ?? null,
        })),
        modes: g.modes,
        players: { online: 4, local: null, lan: null, splitScreen: null, dropInDropOut: null, max: 4 },
        platforms: ['windows' as const],
        price: g.price,
        genres: ['Action'],
        tags: ['Co-op'],
        releaseDate: '2018-05-01',
        storeUrl: `https://store.steampowered.com/app/${g.appid}/`,
        imageUrl: `https://cdn.example.invalid/${g.appid}.jpg`,
        reasons: [{ kind: 'modes' as const, text: `Has ${g.modes.join(', ')}` }],
      }));
    return RecommendationResponseSchema.parse({
      model: { version: 'v-test-1', algorithm: 'ials', trainedAt: '2024-01-01T00:00:00.000Z' },
      strategy: request.strategy ?? 'fair',
      members: request.members.map((m, i) => ({
        label: 'sampleUser' in m ? `Player ${m.sampleUser}` : `Member ${i + 1}`,
        gameCount: libraries[i]?.size ?? 0,
        knownGameCount: libraries[i]?.size ?? 0,
      })),
      items,
    });
  }

  async sendFeedback(request: FeedbackRequest): Promise<FeedbackReceipt> {
    this.check('sendFeedback');
    const body = FeedbackRequestSchema.parse(request);
    const id = this.nextFeedbackId++;
    // As the server: a secret per event, unrelated to its sequential id.
    const undoToken = `fake${id}_${'x'.repeat(43)}`.slice(0, 43);
    this.feedback.set(id, { ...body, undone: false, undoToken });
    this.feedbackCalls.push(`send ${body.kind}`);
    return FeedbackResponseSchema.parse({ id, recordedAt: new Date().toISOString(), undoToken });
  }

  async undoFeedback(undoToken: string): Promise<void> {
    this.check('undoFeedback');
    const event = [...this.feedback.values()].find((e) => e.undoToken === undoToken && !e.undone);
    if (!event) throw new ApiError(404, 'NOT_FOUND', 'no feedback event to undo with this undo token');
    event.undone = true;
    this.feedbackCalls.push(`undo ${event.kind}`);
  }

  /** Feedback events not undone. */
  activeFeedback(): (FeedbackRequest & { id: number })[] {
    return [...this.feedback]
      .filter(([, e]) => !e.undone)
      .map(([id, { undone: _undone, undoToken: _token, ...e }]) => ({ ...e, id }));
  }
}
