using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Platform.Analyzers;

/// <summary>
/// Reports every TorchSharp <c>Scalar</c> that nothing holds while libtorch reads it. TorchSharp passes a Scalar's
/// native handle to the native call and keeps no reference to the managed object, so when the object is a
/// temporary, a garbage collection on another thread may run its finalizer and free the native value mid-call
/// (seen as random <c>c10/core/Scalar.h</c> asserts). Two ways to make one are refused:
/// <list type="bullet">
/// <item>PLAT0001: a Scalar made here (a number converted implicitly or by a cast, or a call returning a Scalar)
/// that goes anywhere but into a field or property, a <c>using</c> local or a <c>return</c>;</item>
/// <item>PLAT0002: a TorchSharp member that makes such a temporary inside the library (<c>a + b</c> on tensors
/// passes a temporary alpha of 1, <c>x * 0.5</c> converts 0.5, <c>AdamW.step</c> converts its betas), as listed in
/// <c>TorchSharpTemporaryScalars.txt</c>, which a test regenerates from TorchSharp's IL.</item>
/// </list>
/// Roslyn's BannedApiAnalyzers could list the members, but not tell a held Scalar from a temporary one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HeldScalarAnalyzer : DiagnosticAnalyzer
{
    public const string TemporaryScalarId = "PLAT0001";
    public const string TemporaryScalarMemberId = "PLAT0002";
    public const string MemberListFileName = "TorchSharpTemporaryScalars.txt";

    private const string ScalarTypeName = "TorchSharp.Scalar";

    private static readonly DiagnosticDescriptor TemporaryScalar = new(
        TemporaryScalarId,
        "Scalar that nothing holds",
        "{0} becomes a TorchSharp Scalar that nothing holds during the native call: use one of Scalars' constants, a field, or a using local (docs/ARCHITECTURE.md, 'Scalars')",
        "Reliability",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor TemporaryScalarMember = new(
        TemporaryScalarMemberId,
        "TorchSharp member that makes a temporary Scalar",
        "'{0}' makes a Scalar inside TorchSharp that nothing holds during the native call: call the overload that takes a held Scalar (docs/ARCHITECTURE.md, 'Scalars')",
        "Reliability",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(TemporaryScalar, TemporaryScalarMember);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var scalar = start.Compilation.GetTypeByMetadataName(ScalarTypeName);
            if (scalar is null)
            {
                return;
            }

            var members = MemberList(start.Options.AdditionalFiles, start.CancellationToken);
            start.RegisterOperationAction(c => AnalyzeConversion(c, scalar), OperationKind.Conversion);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, scalar, members), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeMember(c, members), OperationKind.BinaryOperator, OperationKind.UnaryOperator,
                OperationKind.CompoundAssignment, OperationKind.ObjectCreation, OperationKind.PropertyReference, OperationKind.MethodReference);
        });
    }

    private static ImmutableHashSet<string> MemberList(ImmutableArray<AdditionalText> files, System.Threading.CancellationToken cancellation)
    {
        var file = files.FirstOrDefault(f => string.Equals(System.IO.Path.GetFileName(f.Path), MemberListFileName, StringComparison.Ordinal));
        var text = file?.GetText(cancellation);
        if (text is null)
        {
            return ImmutableHashSet<string>.Empty;
        }

        return text.Lines.Select(l => l.ToString().Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)).ToImmutableHashSet(StringComparer.Ordinal);
    }

    private static void AnalyzeConversion(OperationAnalysisContext context, INamedTypeSymbol scalar)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is null || !SymbolEqualityComparer.Default.Equals(conversion.Type, scalar) || IsHeld(conversion))
        {
            return;
        }

        var what = conversion.IsImplicit ? $"'{conversion.Operand.Syntax}' ({conversion.Operand.Type?.ToDisplayString()})" : $"'{conversion.Syntax}'";
        context.ReportDiagnostic(Diagnostic.Create(TemporaryScalar, conversion.Syntax.GetLocation(), what));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol scalar, ImmutableHashSet<string> members)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (ReportListed(context, invocation.TargetMethod, members))
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReturnType, scalar) && !IsHeld(invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(TemporaryScalar, invocation.Syntax.GetLocation(), $"'{invocation.Syntax}'"));
        }
    }

    private static void AnalyzeMember(OperationAnalysisContext context, ImmutableHashSet<string> members)
    {
        var member = context.Operation switch
        {
            IBinaryOperation binary => binary.OperatorMethod,
            IUnaryOperation unary => unary.OperatorMethod,
            ICompoundAssignmentOperation compound => compound.OperatorMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => property.Property.GetMethod,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        if (member is not null)
        {
            ReportListed(context, member, members);
        }
    }

    private static bool ReportListed(OperationAnalysisContext context, IMethodSymbol method, ImmutableHashSet<string> members)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (members.IsEmpty || definition.GetDocumentationCommentId() is not { } id || !members.Contains(id))
        {
            return false;
        }

        context.ReportDiagnostic(Diagnostic.Create(TemporaryScalarMember, context.Operation.Syntax.GetLocation(), definition.ToDisplayString()));
        return true;
    }

    // Whether the value goes straight into something that keeps it alive after the expression.
    private static bool IsHeld(IOperation value)
    {
        var parent = value.Parent;
        while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IFieldInitializerOperation:
            case IPropertyInitializerOperation:
            case IReturnOperation:
                return true;
            case ISimpleAssignmentOperation assignment:
                return assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation
                    || assignment.Target is ILocalReferenceOperation local && IsUsingLocal(local.Local, assignment);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsUsingLocal(declarator.Symbol, declarator);
            default:
                return false;
        }
    }

    private static bool IsUsingLocal(ILocalSymbol local, IOperation near)
    {
        if (local.IsUsing)
        {
            return true;
        }

        for (var operation = near.Parent; operation is not null; operation = operation.Parent)
        {
            if (operation is IUsingOperation { Resources: IVariableDeclarationGroupOperation group } &&
                group.Declarations.SelectMany(d => d.Declarators).Any(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local)))
            {
                return true;
            }
        }

        return false;
    }
}
