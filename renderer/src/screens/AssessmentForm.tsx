import { Addenda } from '../components/Addenda';
import { Loading, ReadStatus } from '../components/ReadFailed';
import { SignDialog } from '../components/SignDialog';
import { useSignShortcut } from '../components/useSignShortcut';
import { AssessmentDraft } from '../chart/AssessmentDraft';
import { KIND_LABEL } from '../chart/assessment-values';
import { SignedAssessment } from '../chart/SignedAssessment';
import { useAssessmentForm } from '../chart/useAssessmentForm';
import { href } from '../route';

/**
 * An initial assessment, a re-assessment or a discharge: a draft that saves itself as it is typed,
 * then signed. What it holds is in chart/useAssessmentForm.ts; the form in chart/AssessmentDraft.tsx.
 */
export function AssessmentForm({ id }: { id: number }) {
  const form = useAssessmentForm(id);
  const { assessment, careCase, values: v, signed, assessmentRead, caseRead } = form;
  useSignShortcut(assessment !== undefined && assessment.signature === null && v !== null, form.requestSign);

  if (!assessment) return <ReadStatus what="the assessment" read={assessmentRead} />;
  if (!careCase) return <ReadStatus what="the case" read={caseRead} />;
  if (!v) return <Loading what="the assessment" />;

  return (
    <section aria-labelledby="assessment-title">
      <header className="screen-head">
        <div>
          <a className="back" href={href({ screen: 'case', id: assessment.caseId })}>
            ← {careCase.patientName} · {careCase.conditionText}
          </a>
          <h1 id="assessment-title">
            {KIND_LABEL[assessment.kind]} {signed ? <span className="pill pill-signed">Signed</span> : <span className="pill pill-draft">Draft</span>}
          </h1>
        </div>
        {!signed ? (
          <div className="actions">
            <button type="button" className="button-primary" onClick={form.requestSign}>
              Sign assessment
            </button>
          </div>
        ) : null}
      </header>
      {/* A later read that failed: what was last read stays on screen below, with the failure said. */}
      <ReadStatus what="the assessment" read={assessmentRead} />
      <ReadStatus what="the case" read={caseRead} />
      {form.notice ? (
        <p className="notice" role="status">
          {form.notice}
        </p>
      ) : null}
      {signed ? (
        <>
          <SignedAssessment assessment={assessment} />
          {/* The addendum is read back with the assessment after the write. */}
          <Addenda
            kind="assessment"
            id={assessment.id}
            addenda={assessment.addenda}
            providers={form.providers}
            defaultAuthor={assessment.providerId}
            onAdded={() => undefined}
          />
        </>
      ) : (
        <AssessmentDraft form={form} careCase={careCase} values={v} />
      )}
      {form.signing && form.signer ? (
        <SignDialog
          what="assessment"
          signer={`${form.signer.name}, ${form.signer.credentials}`}
          onSign={() => void form.sign()}
          onCancel={() => form.setSigning(false)}
        />
      ) : null}
    </section>
  );
}
