import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import { isOperatorRole, OPERATOR_ROLES } from '../../../domain/operator-role.ts';
import { normaliseEmail } from '../../../use-cases/operators/create-operator.ts';
import { resetSecondFactor } from '../../../use-cases/operators/second-factor.ts';
import { html } from '../../html.ts';
import { auditAction } from '../audit.ts';
import { roleLabel } from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';
import { formatTime } from '../time.ts';

const SECTION = '/admin/operators';

/** `/admin/operators` (admins only, see access.ts): who can log in, with which role and second factor. */
export function operatorRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/operators', async (request, reply) => {
    const operator = operatorOf(request);
    const operators = await services.operators.list();
    return sendPage(
      reply,
      adminPage({
        title: 'Operadores',
        operator,
        section: SECTION,
        body: html`<section class="card"><h1>Operadores</h1>
<p class="note">Lector: ve todo y no cambia nada. Operador: además reenvía webhooks y cierra pagos en revisión. Administrador: además crea y edita comercios, emite sus tokens, los suspende y administra operadores. Los operadores se crean en el servidor: <code>npm run puente -- operator create --email E --role viewer</code>.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Tabla (se desplaza a lo ancho)"><table>
<thead><tr><th>Correo</th><th>Estado</th><th>Segundo factor</th><th>Último ingreso</th><th>Rol</th><th>Acciones</th></tr></thead>
<tbody>${operators.map((row, index) => {
          const self = row.email === operator.email;
          return html`<tr><td>${row.email}</td><td>${row.active ? 'Activo' : 'Deshabilitado'}</td><td>${row.secondFactorEnrolled ? 'Activo' : 'Sin configurar'}</td><td>${row.lastLoginAt ? formatTime(row.lastLoginAt) : 'Nunca'}</td>
<td>${
            self
              ? roleLabel(row.role)
              : html`<form method="post" action="/admin/operators/role" class="inline-form">${csrfField(operator)}<input type="hidden" name="email" value="${row.email}"><label for="role-${String(index)}" class="visually-hidden">Rol de ${row.email}</label><select id="role-${String(index)}" name="role">${OPERATOR_ROLES.map(
                  (role) =>
                    html`<option value="${role}"${role === row.role ? html` selected` : ''}>${roleLabel(role)}</option>`,
                )}</select> <button type="submit" class="inline">Cambiar rol</button></form>`
          }</td>
<td>${
            row.secondFactorEnrolled
              ? html`<form method="post" action="/admin/operators/reset-second-factor">${csrfField(operator)}<input type="hidden" name="email" value="${row.email}"><button type="submit" class="inline danger" aria-label="Reiniciar segundo factor de ${row.email}">Reiniciar segundo factor</button></form>`
              : ''
          }</td></tr>`;
        })}</tbody></table></div>
<p class="note">Reiniciar el segundo factor cierra las sesiones de ese operador; en su próximo ingreso lo activa de nuevo. Tu propio rol lo cambia otro administrador.</p>
</section>`,
      }),
    );
  });

  admin.post('/operators/role', async (request, reply) => {
    const form = formOf(request);
    const email = normaliseEmail(form.get('email') ?? '');
    const role = form.get('role');
    if (!isOperatorRole(role)) throw new PuenteError('validation_error', 'Ese rol no existe.', 'role');
    // Nobody lowers their own role: the last admin cannot lock everyone out of operator management.
    if (email === operatorOf(request).email) {
      throw new PuenteError('validation_error', 'Tu propio rol lo cambia otro administrador.', 'role');
    }
    const before = (await services.operators.findByEmail(email))?.role;
    if (!before || !(await services.operators.setRole(email, role))) {
      throw new PuenteError('not_found', 'Ningún operador tiene ese correo.');
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
    if (!done) throw new PuenteError('not_found', 'Ningún operador tiene ese correo.');
    return reply.redirect(SECTION, 303);
  });
}
