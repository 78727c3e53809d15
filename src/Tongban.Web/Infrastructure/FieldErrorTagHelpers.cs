using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Tongban.Web.Infrastructure;

/// <summary>
/// A field whose value was refused is marked so a screen reader says so when it reaches the field: aria-invalid, and
/// aria-describedby pointing at the field's own message (its asp-validation-for span, given the id "{field id}-error"
/// by <see cref="FieldErrorIdTagHelper"/>). Without it the reader heard only the label and the refused value.
/// </summary>
[HtmlTargetElement("input", Attributes = For)]
[HtmlTargetElement("select", Attributes = For)]
[HtmlTargetElement("textarea", Attributes = For)]
public sealed class InvalidFieldTagHelper : TagHelper
{
    private const string For = "asp-for";

    [HtmlAttributeName(For)] public ModelExpression Field { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    // After the framework's own tag helpers (order 0) have written the id.
    public override int Order => 100;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(Field.Name);
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;
        output.Attributes.SetAttribute("aria-invalid", "true");
        var message = FieldErrorIdTagHelper.IdOf(name);
        var described = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} {message}" : message;
        output.Attributes.SetAttribute("aria-describedby", described);
    }
}

/// <summary>Gives a field's validation message (span asp-validation-for) the id its field points at.</summary>
[HtmlTargetElement("span", Attributes = For)]
public sealed class FieldErrorIdTagHelper : TagHelper
{
    private const string For = "asp-validation-for";

    [HtmlAttributeName(For)] public ModelExpression Field { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public static string IdOf(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id"))
            output.Attributes.SetAttribute("id", IdOf(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(Field.Name)));
    }
}
