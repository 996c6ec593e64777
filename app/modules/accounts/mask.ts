/** Display masks for personal data outside the pages that need it in clear. */
export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****");

/** 王小明 → 王某某, 李四 → 李某: the masked name the reports and campaigns use. */
export const maskName = (name: string) => (name ? name[0] + "某".repeat(Math.min(2, Math.max(1, [...name].length - 1))) : "");
