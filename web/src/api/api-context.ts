import { createContext, useContext } from 'react';
import type { ApiClient } from './api-client.ts';
import { createHttpApiClient } from './http-api-client.ts';

/** The API client the components use; tests provide their own through ApiContext.Provider. */
export const ApiContext = createContext<ApiClient>(createHttpApiClient());

/** The API client of the nearest ApiContext provider (the HTTP client by default). */
export function useApi(): ApiClient {
  return useContext(ApiContext);
}
