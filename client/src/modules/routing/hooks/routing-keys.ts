/** Query keys of the routing rules, in one place so mutations refresh the right ones. */
export const routingKeys = {
  all: ['routing-rules'] as const,
  list: ['routing-rules', 'list'] as const,
};
