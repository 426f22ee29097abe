/** "gateway's", but "orders'": the possessive of a component's name, as English writes it. */
export const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`);
