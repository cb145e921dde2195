(function () {
  function loadDocument(pdfDocument) {
    console.log("PDF " + pdfDocument.fingerprint + " [" + info.PDFFormatVersion + "]");
    return pdfDocument;
  }
})();
