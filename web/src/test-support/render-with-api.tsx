import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ApiClient } from '../api/api-client.ts';
import { ApiContext } from '../api/api-context.ts';

/** Renders a component with the given API client in context. */
export function renderWithApi(ui: ReactElement, api: ApiClient): RenderResult {
  return render(<ApiContext.Provider value={api}>{ui}</ApiContext.Provider>);
}
