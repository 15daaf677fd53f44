// What other features and the entry points may use of the site's own pages (notices, favicon).
export { type RegionNotices, regionNoticesSchema, saveRegionNotices } from './notices.ts';
export { siteInfoRoutes } from './routes.ts';
