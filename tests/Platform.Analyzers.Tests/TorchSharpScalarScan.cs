using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Platform.Analyzers.Tests;

/// <summary>
/// Reads TorchSharp's IL and lists, as documentation-comment ids, every public member that makes a Scalar from a
/// number inside the library (directly or through another TorchSharp method) without disposing it: those Scalars
/// are temporaries nothing holds during the native call, the hazard <see cref="HeldScalarAnalyzer"/> reports.
/// Reflection cannot load TorchSharp's optional dependencies (SkiaSharp), so the metadata is read directly.
/// </summary>
public static class TorchSharpScalarScan
{
    public static IReadOnlyList<string> TemporaryScalarMembers(string torchSharpPath)
    {
        using var stream = File.OpenRead(torchSharpPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var ids = new DocumentationIds(metadata);

        var methods = metadata.MethodDefinitions.ToList();
        var callees = methods.ToDictionary(m => m, m => Callees(pe, metadata, m).ToList());
        bool IsScalarMaking(EntityHandle callee) => ids.Name(callee) is "TorchSharp.Scalar.op_Implicit" or "TorchSharp.ScalarExtensionMethods.ToScalar" or "TorchSharp.torch.Tensor.ToScalar";
        bool IsScalarDisposing(EntityHandle callee) => ids.Name(callee) == "TorchSharp.Scalar.Dispose";

        var makers = new HashSet<MethodDefinitionHandle>(methods.Where(m =>
            !ids.IsDeclaredIn(m, "TorchSharp.Scalar", "TorchSharp.ScalarExtensionMethods") &&
            callees[m].Any(IsScalarMaking) && !callees[m].Any(IsScalarDisposing)));
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var method in methods.Where(m => !makers.Contains(m)))
            {
                if (callees[method].Any(c => ids.Definition(c) is { } definition && makers.Contains(definition)))
                {
                    makers.Add(method);
                    grew = true;
                }
            }
        }

        return makers.Where(ids.IsVisible).Select(ids.Of).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<EntityHandle> Callees(PEReader pe, MetadataReader metadata, MethodDefinitionHandle handle)
    {
        var method = metadata.GetMethodDefinition(handle);
        if (method.RelativeVirtualAddress == 0)
        {
            yield break;
        }

        var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
        while (il.RemainingBytes > 0)
        {
            var opCode = ReadOpCode(ref il);
            if (opCode is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn)
            {
                yield return MetadataTokens.EntityHandle(il.ReadInt32());
            }
            else
            {
                SkipOperand(ref il, opCode);
            }
        }
    }

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        var first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    private static void SkipOperand(ref BlobReader il, ILOpCode opCode)
    {
        if (opCode == ILOpCode.Switch)
        {
            il.Offset += 4 * il.ReadInt32();
            return;
        }

        il.Offset += opCode.IsBranch() ? opCode.GetBranchOperandSize() : OperandSize(opCode);
    }

    private static int OperandSize(ILOpCode opCode) => opCode switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
            or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => 1,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Calli or ILOpCode.Ldtoken or ILOpCode.Ldstr
            or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld
            or ILOpCode.Box or ILOpCode.Unbox or ILOpCode.Unbox_any or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Newarr
            or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Initobj or ILOpCode.Cpobj or ILOpCode.Ldobj
            or ILOpCode.Stobj or ILOpCode.Sizeof or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Constrained
            or ILOpCode.Ldvirtftn or ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn => 4,
        _ => 0,
    };

    /// <summary>Documentation-comment ids (the C# spec's "ID string format") of metadata members, as Roslyn writes them.</summary>
    private sealed class DocumentationIds(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        private Dictionary<(string Type, string Name, string Signature), MethodDefinitionHandle>? byShape;

        public string Of(MethodDefinitionHandle handle)
        {
            var method = metadata.GetMethodDefinition(handle);
            var signature = method.DecodeSignature(this, null);
            var name = metadata.GetString(method.Name).Replace('.', '#');
            var generics = method.GetGenericParameters().Count is > 0 and var count ? $"``{count}" : "";
            var parameters = signature.ParameterTypes.Length > 0 ? $"({string.Join(",", signature.ParameterTypes)})" : "";
            var conversion = name is "op_Implicit" or "op_Explicit" ? $"~{signature.ReturnType}" : "";
            return $"M:{TypeName(method.GetDeclaringType())}.{name}{generics}{parameters}{conversion}";
        }

        public string Name(EntityHandle callee) => callee.Kind switch
        {
            HandleKind.MethodDefinition => MethodName((MethodDefinitionHandle)callee),
            HandleKind.MethodSpecification => Name(metadata.GetMethodSpecification((MethodSpecificationHandle)callee).Method),
            HandleKind.MemberReference => $"{ParentName(metadata.GetMemberReference((MemberReferenceHandle)callee).Parent)}.{metadata.GetString(metadata.GetMemberReference((MemberReferenceHandle)callee).Name)}",
            _ => "",
        };

        public MethodDefinitionHandle? Definition(EntityHandle callee)
        {
            switch (callee.Kind)
            {
                case HandleKind.MethodDefinition:
                    return (MethodDefinitionHandle)callee;
                case HandleKind.MethodSpecification:
                    return Definition(metadata.GetMethodSpecification((MethodSpecificationHandle)callee).Method);
                case HandleKind.MemberReference:
                    var reference = metadata.GetMemberReference((MemberReferenceHandle)callee);
                    if (reference.GetKind() != MemberReferenceKind.Method || DefinitionOfParent(reference.Parent) is not { } type)
                    {
                        return null;
                    }

                    byShape ??= metadata.MethodDefinitions.GroupBy(Shape).ToDictionary(g => g.Key, g => g.First());
                    var shape = (TypeName(type), metadata.GetString(reference.Name), SignatureOf(reference.DecodeMethodSignature(this, null)));
                    return byShape.TryGetValue(shape, out var definition) ? definition : null;
                default:
                    return null;
            }
        }

        public bool IsDeclaredIn(MethodDefinitionHandle handle, params string[] types) =>
            types.Contains(TypeName(metadata.GetMethodDefinition(handle).GetDeclaringType()));

        public bool IsVisible(MethodDefinitionHandle handle)
        {
            var method = metadata.GetMethodDefinition(handle);
            var access = method.Attributes & MethodAttributes.MemberAccessMask;
            if (access is not (MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem))
            {
                return false;
            }

            for (var type = method.GetDeclaringType(); !type.IsNil; type = metadata.GetTypeDefinition(type).GetDeclaringType())
            {
                var visibility = metadata.GetTypeDefinition(type).Attributes & TypeAttributes.VisibilityMask;
                if (visibility is not (TypeAttributes.Public or TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem))
                {
                    return false;
                }
            }

            return true;
        }

        private (string Type, string Name, string Signature) Shape(MethodDefinitionHandle handle)
        {
            var method = metadata.GetMethodDefinition(handle);
            return (TypeName(method.GetDeclaringType()), metadata.GetString(method.Name), SignatureOf(method.DecodeSignature(this, null)));
        }

        private static string SignatureOf(MethodSignature<string> signature) =>
            $"{signature.GenericParameterCount}({string.Join(",", signature.ParameterTypes)}){signature.ReturnType}";

        private string MethodName(MethodDefinitionHandle handle)
        {
            var method = metadata.GetMethodDefinition(handle);
            return $"{TypeName(method.GetDeclaringType())}.{metadata.GetString(method.Name)}";
        }

        private string ParentName(EntityHandle parent) => parent.Kind switch
        {
            HandleKind.TypeDefinition => TypeName((TypeDefinitionHandle)parent),
            HandleKind.TypeReference => GetTypeFromReference(metadata, (TypeReferenceHandle)parent, 0),
            HandleKind.TypeSpecification => DefinitionOfParent(parent) is { } type ? TypeName(type) : "",
            _ => "",
        };

        private TypeDefinitionHandle? DefinitionOfParent(EntityHandle parent)
        {
            switch (parent.Kind)
            {
                case HandleKind.TypeDefinition:
                    return (TypeDefinitionHandle)parent;
                case HandleKind.TypeSpecification:
                    var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                    if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                    {
                        blob.ReadSignatureTypeCode();
                        var generic = blob.ReadTypeHandle();
                        return generic.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)generic : null;
                    }

                    return null;
                default:
                    return null;
            }
        }

        private string TypeName(TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            var name = metadata.GetString(type.Name);
            var outer = type.GetDeclaringType();
            return outer.IsNil
                ? (type.Namespace.IsNil ? name : $"{metadata.GetString(type.Namespace)}.{name}")
                : $"{TypeName(outer)}.{name}";
        }

        // ISignatureTypeProvider: parameter types as the documentation-id format writes them.
        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{string.Join(",", Enumerable.Repeat("0:", shape.Rank))}]";
        public string GetByReferenceType(string elementType) => $"{elementType}@";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "=FUNC";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            $"{(genericType.LastIndexOf('`') is >= 0 and var tick ? genericType[..tick] : genericType)}{{{string.Join(",", typeArguments)}}}";
        public string GetGenericMethodParameter(object? genericContext, int index) => $"``{index}";
        public string GetGenericTypeParameter(object? genericContext, int index) => $"`{index}";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => $"{elementType}*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => $"System.{typeCode switch
        {
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            PrimitiveTypeCode.TypedReference => "TypedReference",
            _ => typeCode.ToString(),
        }}";
        public string GetSZArrayType(string elementType) => $"{elementType}[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = reader.GetTypeReference(handle);
            var name = reader.GetString(reference.Name);
            return reference.ResolutionScope.Kind == HandleKind.TypeReference
                ? $"{GetTypeFromReference(reader, (TypeReferenceHandle)reference.ResolutionScope, rawTypeKind)}.{name}"
                : reference.Namespace.IsNil ? name : $"{reader.GetString(reference.Namespace)}.{name}";
        }
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
