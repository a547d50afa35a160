import { useId, useState, type FormEvent } from 'react';
import { MAX_MEMBERS } from '../../../src/contract/recommendations.ts';
import { parseMemberInput } from './parse-member-input.ts';
import type { GroupController } from './use-group.ts';

/** A text field for a Steam profile URL, SteamID64 or custom URL name, checked as the user types. */
export function AddSteamMemberForm({ group }: { group: GroupController }) {
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const inputId = useId();
  const messageId = useId();
  const parsed = parseMemberInput(text);
  const invalid = text.trim() !== '' && !parsed.ok;
  const message = refusal ?? (invalid && !parsed.ok ? parsed.message : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!parsed.ok) {
      setRefusal(parsed.message);
      return;
    }
    const why = group.addSteam(parsed.ref);
    setRefusal(why);
    if (why === null) setText('');
  };

  return (
    <form className="add-steam" onSubmit={submit} noValidate>
      <label htmlFor={inputId}>Add a Steam player</label>
      <div className="add-steam-row">
        <input
          id={inputId}
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="Profile URL, SteamID64 or name"
          value={text}
          aria-invalid={invalid || refusal !== null}
          aria-describedby={messageId}
          onChange={(event) => {
            setText(event.target.value);
            setRefusal(null);
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={group.full || invalid}>
          Add
        </button>
      </div>
      <p id={messageId} className={message ? 'field-message error' : 'field-message'} aria-live="polite">
        {message ?? (group.full ? `The group is full (${MAX_MEMBERS} players).` : '')}
      </p>
    </form>
  );
}
