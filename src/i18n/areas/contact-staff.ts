// Texts of the contact staff pages in fi (source), sv and en; wired into ../fi.ts, ../sv.ts, ../en.ts.
export const contactStaffFi = {};
export const contactStaffSv: typeof contactStaffFi = {};
export const contactStaffEn: typeof contactStaffFi = {};
