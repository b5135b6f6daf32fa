const START = String.fromCharCode(2);
const END = String.fromCharCode(3);

/** Text whose matches are wrapped in START … END (FTS5 snippet marks), shown with <mark> and no HTML parsing. */
export function Marked({ text }: { text: string }) {
  const [before = '', ...rest] = text.split(START);
  return (
    <>
      <span>{before}</span>
      {rest.map((segment, i) => {
        const [marked = '', after = ''] = segment.split(END);
        return (
          <span key={i}>
            <mark>{marked}</mark>
            {after}
          </span>
        );
      })}
    </>
  );
}
