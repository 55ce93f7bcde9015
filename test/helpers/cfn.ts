/**
 * Reading synthesized CloudFormation in tests: intrinsics rendered as readable placeholders
 * (`<Ref:LogicalId>`, partition `aws`), so documents and Helm values compare as plain data.
 */
export function render(value: any): any {
  if (typeof value === 'string' || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(render);
  if (value.Ref === 'AWS::Partition') return 'aws';
  if (value.Ref) return `<Ref:${value.Ref}>`;
  if (value['Fn::GetAtt']) return `<Ref:${value['Fn::GetAtt'][0]}>`;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(render).join(value['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, render(inner)]));
}

/** The Helm values of a release: a JSON string, or a Fn::Join around one when it holds references. */
export function helmValues(properties: Record<string, any>): any {
  return JSON.parse(render(properties.Values));
}

/** IAM writes a single action or resource as a string, several as a list. */
export const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
