import { descriptionId, getTemplate, getUiOptions, titleId } from '@rjsf/utils';

// How each field is drawn: a real <label> tied to its input, the schema's
// help text, and vanban's own problems for that field (errors apart from
// warnings), which the server found in the whole document.

function ProblemList({ id, problems }) {
  if (!problems.length) return null;
  return (
    <ul className="field-problems" id={`${id}__error`}>
      {problems.map((p, i) => (
        <li key={`${p.code}-${i}`} className={p.severity === 'error' ? 'problem-error' : 'problem-warning'}>
          <span className="tag">{p.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}</span> {p.message}
        </li>
      ))}
    </ul>
  );
}

export function FieldTemplate(props) {
  const { id, label, children, description, hidden, required, displayLabel, fieldPathId, registry, uiSchema, schema } = props;
  if (hidden) return <div className="hidden">{children}</div>;
  const key = fieldPathId.path.join('/');
  const problems = registry.formContext?.problemsAt?.get(key) || [];
  const hasError = problems.some((p) => p.severity === 'error');
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, getUiOptions(uiSchema));
  const kind = schema.type === 'object' || schema.type === 'array' ? 'group' : 'single';
  return (
    <WrapIfAdditionalTemplate {...props}>
      <div className={`field field-${kind}${hasError ? ' has-error' : problems.length ? ' has-warning' : ''}`} data-field={key}>
        {displayLabel && label && (
          <label htmlFor={id}>
            {label}
            {required && <abbr className="required" title="bắt buộc">*</abbr>}
          </label>
        )}
        {displayLabel && description}
        {children}
        <ProblemList id={id} problems={problems} />
      </div>
    </WrapIfAdditionalTemplate>
  );
}

/** rjsf's own messages stay hidden: the server's are the ones that count. */
export function FieldErrorTemplate() {
  return null;
}

/** The schema's help text; `quoted` parts are what to type, shown as such. */
export function DescriptionFieldTemplate({ id, description }) {
  if (!description) return null;
  if (typeof description !== 'string') return <div id={id} className="help">{description}</div>;
  const parts = description.split('`');
  return (
    <p id={id} className="help">
      {parts.map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
    </p>
  );
}

/** A group of fields. The root shows no title (the page has it); fields
 * named in `ui:options.more` go under a fold, so the common ones come first. */
export function ObjectFieldTemplate(props) {
  const { description, fieldPathId, properties, registry, required, schema, title, uiSchema } = props;
  const options = getUiOptions(uiSchema);
  const TitleFieldTemplate = getTemplate('TitleFieldTemplate', registry, options);
  const root = fieldPathId.path.length === 0;
  const more = new Set(options.more || []);
  const main = properties.filter((p) => !more.has(p.name));
  const rest = properties.filter((p) => more.has(p.name));
  return (
    <fieldset className={root ? 'root-group' : 'group'} id={fieldPathId.$id}>
      {!root && title && <TitleFieldTemplate id={titleId(fieldPathId)} title={title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />}
      {!root && description && <DescriptionFieldTemplate id={descriptionId(fieldPathId)} description={description} />}
      {main.map((p) => p.content)}
      {rest.length > 0 && (
        <details className="more" open={rest.some((p) => p.content?.props?.formData !== undefined && p.content?.props?.formData !== null && JSON.stringify(p.content.props.formData) !== '{}' && JSON.stringify(p.content.props.formData) !== '[]')}>
          <summary>{options.moreTitle || 'Các phần khác'}</summary>
          {rest.map((p) => p.content)}
        </details>
      )}
    </fieldset>
  );
}

export function TitleFieldTemplate({ id, title, required }) {
  return (
    <legend id={id}>
      {title}
      {required && <abbr className="required" title="bắt buộc">*</abbr>}
    </legend>
  );
}

export const templates = { FieldTemplate, FieldErrorTemplate, DescriptionFieldTemplate, ObjectFieldTemplate, TitleFieldTemplate };
