import { albIngressAnnotations } from '../lib/alb-ingress';

const CERT = 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';
const base = {
  groupName: 'prod-platform',
  groupOrder: 10,
  healthCheckPath: '/api/health',
  certificateArns: [CERT],
  sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
};

describe('ALB ingress annotations', () => {
  test('join the shared group, serve HTTPS with the certificate and redirect HTTP, target pods by IP', () => {
    expect(albIngressAnnotations(base)).toEqual({
      'alb.ingress.kubernetes.io/group.name': 'prod-platform',
      'alb.ingress.kubernetes.io/group.order': '10',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-path': '/api/health',
      'alb.ingress.kubernetes.io/success-codes': '200-399',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/certificate-arn': CERT,
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });

  test('without a certificate, listen on HTTP only and redirect nothing', () => {
    const annotations = albIngressAnnotations({ ...base, certificateArns: [] });
    expect(annotations['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTP":80}]');
    expect(annotations).not.toHaveProperty(['alb.ingress.kubernetes.io/ssl-redirect']);
  });

  test('reject an order outside 1-1000 and a relative health-check path', () => {
    expect(() => albIngressAnnotations({ ...base, groupOrder: 0 })).toThrow('group order 0 is outside 1-1000');
    expect(() => albIngressAnnotations({ ...base, healthCheckPath: 'health' })).toThrow('health-check path "health" must start with /');
  });
});
