// Vite's module types for the dashboard (CSS imports, import.meta.env).
/// <reference types="vite/client" />
