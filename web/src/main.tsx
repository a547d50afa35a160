import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminPage } from './admin/admin-page.tsx';
import { App } from './app/app.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Two pages only, so a path check instead of a router; the server answers index.html for both.
const isAdmin = window.location.pathname.replace(/\/+$/, '') === '/admin';
createRoot(root).render(<StrictMode>{isAdmin ? <AdminPage /> : <App />}</StrictMode>);
