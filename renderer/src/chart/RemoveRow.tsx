/** The × that takes one row out of a treatment table, named for screen readers by what it removes. */
export function RemoveRow({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <button type="button" className="button-quiet" aria-label={label} onClick={onRemove}>
      ×
    </button>
  );
}
