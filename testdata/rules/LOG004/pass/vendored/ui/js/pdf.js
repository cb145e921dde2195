/**
 * @licstart The following is the entire license notice for the
 * JavaScript code in this page
 *
 * Copyright 2023 Mozilla Foundation
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 *
 * @licend The above is the entire license notice for the
 * JavaScript code in this page
 */
(function () {
  function loadDocument(pdfDocument) {
    console.log("PDF " + pdfDocument.fingerprint + " [" + info.PDFFormatVersion + "]");
    return pdfDocument;
  }
})();
