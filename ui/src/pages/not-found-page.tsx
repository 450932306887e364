export function NotFoundPage() {
  return (
    <section class="panel">
      <h1>Nothing here</h1>
      <p>
        This address shows no page. <a href="#/">Back to the overview</a>.
      </p>
    </section>
  );
}
