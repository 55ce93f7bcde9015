import { z } from 'zod';
import { isNetworkAddress, parseCidr } from '../ipv4';

/** An IPv4 CIDR whose host bits are clear, such as `10.0.0.0/16`. */
export const cidrSchema = z.string().superRefine((value, ctx) => {
  const block = parseCidr(value);
  if (!block) ctx.addIssue({ code: 'custom', message: `"${value}" is not an IPv4 CIDR such as 10.0.0.0/16` });
  else if (!isNetworkAddress(block)) ctx.addIssue({ code: 'custom', message: `"${value}" is not a network address (host bits are set)` });
});
