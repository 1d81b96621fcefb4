import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import { isOperatorRole, OPERATOR_ROLES } from '../../../domain/operator-role.ts';
import { normaliseEmail } from '../../../use-cases/operators/create-operator.ts';
import { resetSecondFactor } from '../../../use-cases/operators/second-factor.ts';
import { html } from '../../html.ts';
import { auditAction } from '../audit.ts';
import { roleLabel } from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, scrollingTable, sendPage } from '../layout.ts';
import { type AdminMessageKey, textOf } from '../messages.ts';

const SECTION = '/admin/operators';

/** `/admin/operators` (admins only, see access.ts): who can log in, with which role and second factor. */
export function operatorRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/operators', async (request, reply) => {
    const text = textOf(request);
    const { t, language } = text;
    const operator = operatorOf(request);
    const operators = await services.operators.list();
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('nav_operators'),
        operator,
        section: SECTION,
        body: html`<section class="card"><h1>${t('nav_operators')}</h1>
<p class="note">${text.rich('operators_roles', { command: html`<code>npm run puente -- operator create --email E --role viewer</code>` })}</p>
${scrollingTable(
  text,
  html`<table>
<thead><tr><th>${t('email')}</th><th>${t('status')}</th><th>${t('second_factor')}</th><th>${t('last_login')}</th><th>${t('role')}</th><th>${t('actions')}</th></tr></thead>
<tbody>${operators.map((row, index) => {
    const self = row.email === operator.email;
    return html`<tr><td>${row.email}</td><td>${row.active ? t('operator_state_active') : t('operator_state_disabled')}</td><td>${row.secondFactorEnrolled ? t('operator_state_active') : t('second_factor_none')}</td><td class="nowrap">${row.lastLoginAt ? text.time(row.lastLoginAt) : t('never')}</td>
<td>${
      self
        ? roleLabel(row.role, language)
        : html`<form method="post" action="/admin/operators/role" class="inline-form">${csrfField(operator)}<input type="hidden" name="email" value="${row.email}"><label for="role-${String(index)}" class="visually-hidden">${t('role_of', { email: row.email })}</label><select id="role-${String(index)}" name="role">${OPERATOR_ROLES.map(
            (role) =>
              html`<option value="${role}"${role === row.role ? html` selected` : ''}>${roleLabel(role, language)}</option>`,
          )}</select> <button type="submit" class="inline">${t('change_role')}</button></form>`
    }</td>
<td>${
      row.secondFactorEnrolled
        ? html`<form method="post" action="/admin/operators/reset-second-factor">${csrfField(operator)}<input type="hidden" name="email" value="${row.email}"><button type="submit" class="inline danger" aria-label="${t('reset_second_factor_of', { email: row.email })}">${t('reset_second_factor')}</button></form>`
        : ''
    }</td></tr>`;
  })}</tbody></table>`,
)}
<p class="note">${t('operators_reset_note')}</p>
</section>`,
      }),
    );
  });

  admin.post('/operators/role', async (request, reply) => {
    const form = formOf(request);
    const email = normaliseEmail(form.get('email') ?? '');
    const role = form.get('role');
    if (!isOperatorRole(role))
      throw new PuenteError('validation_error', 'no_such_role' satisfies AdminMessageKey, 'role');
    // Nobody lowers their own role: the last admin cannot lock everyone out of operator management.
    if (email === operatorOf(request).email) {
      throw new PuenteError('validation_error', 'own_role' satisfies AdminMessageKey, 'role');
    }
    const before = (await services.operators.findByEmail(email))?.role;
    if (!before || !(await services.operators.setRole(email, role))) {
      throw new PuenteError('not_found', 'operator_not_found' satisfies AdminMessageKey);
    }
    await auditAction(services, request, 'operator.role', email, { from: before, to: role });
    return reply.redirect(SECTION, 303);
  });

  admin.post('/operators/reset-second-factor', async (request, reply) => {
    const operator = operatorOf(request);
    const email = formOf(request).get('email') ?? '';
    const done = await resetSecondFactor(services, email, {
      operatorId: operator.operatorId,
      operatorEmail: operator.email,
      via: 'back-office',
      ip: request.ip,
      requestId: request.id,
    });
    if (!done) throw new PuenteError('not_found', 'operator_not_found' satisfies AdminMessageKey);
    return reply.redirect(SECTION, 303);
  });
}
