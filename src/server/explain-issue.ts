/** What explainIssue reads of a zod issue (any `$ZodIssue` is one). */
export interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** unrecognized_keys: the keys the object does not allow. */
  readonly keys?: readonly string[];
  /** invalid_union: each branch's issues, with paths from the union's value. */
  readonly errors?: readonly (readonly IssueLike[])[];
}

/** A problem to tell the caller: where (from the validated value's root) and what. */
export interface ExplainedIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * A zod issue as the caller should read it. Most issues are told as they are; an invalid_union (which zod
 * words "Invalid input" and places at the union's value) is told through the branch the value was meant
 * for: the one whose keys fit, that is with no key it does not allow, no key it needs missing and no
 * wrong type of the value itself, and among those the one with the fewest issues. Its first issue is told
 * with its full path, so `{"name", "games": [{"appid": 1.5}]}` gets `….games.0.appid: …`. When the keys fit
 * no branch (`{"steamid"}`, `{"name"}` without `games`), the union's own message is told (a schema's error
 * option words it: MemberInputSchema lists the member forms), after what is wrong with the keys when that is
 * clear. `input` is the value that was validated: it tells a key that is missing from one of the wrong type.
 */
export function explainIssue(issue: IssueLike, input: unknown): ExplainedIssue {
  return explainAt(issue, input, []);
}

function explainAt(issue: IssueLike, input: unknown, base: PropertyKey[]): ExplainedIssue {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || !issue.errors || issue.errors.length === 0)
    return { path, message: issue.message };
  const value = valueAt(input, issue.path);
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const fitting = fewestIssues(branches.filter((branch) => keyProblems(branch, value).length === 0));
  const meant = fitting[0]?.[0];
  if (meant) return explainAt(meant, value, path);
  // No branch fits by its keys: say what is wrong with them when the closest branches agree on it.
  const closest = fewestIssues(branches).map((branch) => keyProblems(branch, value));
  const agreed = (closest[0] ?? []).filter((problem) => closest.every((other) => other.includes(problem)));
  return { path, message: agreed.length > 0 ? `${agreed.join(', ')}; ${issue.message}` : issue.message };
}

/** What is wrong with a branch's keys or with the type of the value itself, one clause each. */
function keyProblems(branch: readonly IssueLike[], value: unknown): string[] {
  const problems: string[] = [];
  for (const issue of branch) {
    // A refinement of the whole value (code custom) says nothing about which branch it was meant for.
    if (issue.path.length === 0 && (issue.code === 'unrecognized_keys' || issue.code === 'invalid_type'))
      problems.push(issue.message);
    else if (issue.path.length === 1 && isMissing(value, issue.path[0]))
      problems.push(`missing "${String(issue.path[0])}"`);
  }
  return problems;
}

function isMissing(value: unknown, key: PropertyKey | undefined): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    key !== undefined &&
    !Object.prototype.hasOwnProperty.call(value, key)
  );
}

function fewestIssues(branches: readonly (readonly IssueLike[])[]): (readonly IssueLike[])[] {
  const fewest = Math.min(...branches.map((branch) => branch.length));
  return branches.filter((branch) => branch.length === fewest);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
