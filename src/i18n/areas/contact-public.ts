// Texts of the contact public pages in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts.
export const contactPublicFi = {};
export const contactPublicSv: typeof contactPublicFi = {};
export const contactPublicEn: typeof contactPublicFi = {};
